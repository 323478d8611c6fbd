import { dailyCharts, groupChart } from './usage-charts';
import { chartIsEmpty } from './chart.component';
import type { UsageGroupView } from '@gateway/contracts';

describe('usage charts', () => {
  const day = { group: '2025-03-02', requests: 3, promptTokens: 10, completionTokens: 5, costUsd: 0.000022 } as UsageGroupView;

  it('counts a period without requests as empty, so the chart says "No data" instead of drawing bare axes', () => {
    const empty = dailyCharts([], '2025-03-01', '2025-03-03');
    expect(chartIsEmpty(empty.requests)).toBe(true);
    expect(chartIsEmpty(empty.cost)).toBe(true);
    const used = dailyCharts([day], '2025-03-01', '2025-03-03');
    expect(chartIsEmpty(used.requests)).toBe(false);
  });

  it('labels days in the console date style', () => {
    expect(dailyCharts([day], '2025-11-27', '2025-11-28').requests.data.labels).toEqual(['27 Nov', '28 Nov']);
  });

  /** What the chart's tooltip reads for a hovered value. */
  const hover = (config: ReturnType<typeof groupChart>, raw: number, label = '') => {
    const tip = config.options?.plugins?.tooltip?.callbacks?.label as unknown as (h: object) => string;
    return tip({ raw, label, dataset: config.data.datasets[0] });
  };

  it('shows money on hover in the console format, a tiny cost to the micro-dollar and a refund with its minus first', () => {
    const charts = dailyCharts([day], '2025-03-01', '2025-03-03');
    expect(hover(charts.cost, 0.000022)).toBe('Cost: $0.000022');
    expect(hover(charts.cost, 1234.5)).toBe('Cost: $1,234.50');
    expect(hover(charts.cost, -0.5)).toBe('Cost: \u2212$0.50');
    expect(hover(charts.requests, 12345)).toBe('Requests: 12,345');
    expect(hover(charts.tokens, 1500000)).toBe('Prompt tokens: 1,500,000');
  });

  it('names the slice on hover of a group chart, in dollars when it is a cost', () => {
    const groups = [{ group: 'openai', costUsd: 0.0042, requests: 2 } as UsageGroupView];
    expect(hover(groupChart(groups, 'doughnut', (g) => g.costUsd, 'Cost', true), 0.0042, 'openai')).toBe('openai: $0.0042');
    expect(hover(groupChart(groups, 'bar', (g) => g.requests, 'Requests'), 1200, 'openai')).toBe('openai: 1,200');
  });
});
