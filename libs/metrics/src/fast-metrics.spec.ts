import { Counter, Histogram, Registry } from 'prom-client';
import { FastCounter, FastHistogram } from './fast-metrics';

/** The fast children must expose exactly what prom-client's own metrics expose for the same observations. */
describe('fast metrics', () => {
  const buckets = [0.001, 0.01, 0.1, 1];
  const observations: Array<[string, string, number]> = [
    ['gpt', 'openai', 0.0005],
    ['gpt', 'openai', 0.001],
    ['gpt', 'openai', 0.05],
    ['gpt', 'openai', 7],
    ['claude', 'anthropic', 0.2],
    ['claude', 'anthropic', 0.000001],
  ];

  it('renders histograms and counters line for line as prom-client does', async () => {
    const reference = new Registry();
    const refHistogram = new Histogram({ name: 'h_seconds', help: 'a histogram', labelNames: ['model', 'provider'], buckets, registers: [reference] });
    const refCounter = new Counter({ name: 'c_total', help: 'a counter', labelNames: ['model', 'provider'], registers: [reference] });
    const ours = new Registry();
    const histogram = new FastHistogram('h_seconds', 'a histogram', ['model', 'provider'], buckets, ours);
    const counter = new FastCounter('c_total', 'a counter', ['model', 'provider'], ours);

    for (const [model, provider, value] of observations) {
      refHistogram.labels(model, provider).observe(value);
      refCounter.labels(model, provider).inc(value * 10);
      histogram.labels(model, provider).observe(value);
      counter.labels(model, provider).inc(value * 10);
    }
    expect(await ours.metrics()).toBe(await reference.metrics());
    expect(await ours.metrics()).toContain('h_seconds_bucket{le="0.01",model="gpt",provider="openai"} 2');
  });

  it('keeps one child per label set and forgets them all on reset', async () => {
    const registry = new Registry();
    const counter = new FastCounter('n_total', 'n', ['endpoint'], registry);
    expect(counter.labels('/v1/x')).toBe(counter.labels('/v1/x'));
    counter.labels('/v1/x').inc();
    counter.labels('/v1/x').inc(2);
    expect(await registry.metrics()).toContain('n_total{endpoint="/v1/x"} 3');
    registry.resetMetrics();
    expect(await registry.metrics()).not.toContain('/v1/x');
  });

  it('ignores a value that is not a finite number instead of poisoning the sum', async () => {
    const registry = new Registry();
    const histogram = new FastHistogram('t_seconds', 't', ['endpoint'], buckets, registry);
    histogram.labels('/v1/x').observe(Number.NaN);
    histogram.labels('/v1/x').observe(0.5);
    expect(await registry.metrics()).toContain('t_seconds_sum{endpoint="/v1/x"} 0.5');
    expect(await registry.metrics()).toContain('t_seconds_count{endpoint="/v1/x"} 1');
  });
});
