import { formatDate } from '@angular/common';
import type { UsageGroupView } from '@gateway/contracts';
import { formatCount, formatMoney, moneyDigits } from '../../format';
import type { ChartConfig } from './chart.component';
import { seriesColor } from './chart-colors';

export interface DailyCharts {
  requests: ChartConfig;
  tokens: ChartConfig;
  cost: ChartConfig;
}

/** Every day from `from` to `to` (inclusive, `YYYY-MM-DD`), capped at a year. */
export function dayRange(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && days.length < 366; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}

/** An axis day in the console's date style without the year: `27 Nov`. */
const dayLabel = (day: string): string => formatDate(`${day}T00:00:00Z`, 'd MMM', 'en-US', 'UTC');

const line = (label: string, data: number[], index: number) => ({
  label,
  data,
  borderColor: seriesColor(index),
  backgroundColor: seriesColor(index),
  tension: 0.25,
  pointRadius: 2,
});

/** What a hovered point or slice reads: its series (or slice) and the value in the console's format. */
interface Hovered {
  label: string;
  raw: unknown;
  dataset: { label?: string };
}
const tooltip = (format: (v: number) => string, name: (h: Hovered) => string = (h) => h.dataset.label ?? '') => ({
  tooltip: { callbacks: { label: (h: Hovered) => `${name(h)}: ${format(Number(h.raw))}` } },
});
/** Money in a tooltip to the micro-dollar, the ledger's unit: a tiny cost never reads `$0.00`. */
const money = (v: number) => formatMoney(v, 'full');

/** Requests, tokens and cost per day, with empty days filled with zeros. */
export function dailyCharts(groups: UsageGroupView[], from: string, to: string): DailyCharts {
  const byDay = new Map(groups.map((g) => [g.group.slice(0, 10), g]));
  const days = dayRange(from, to);
  const pick = (f: (g: UsageGroupView) => number) => days.map((d) => (byDay.has(d) ? f(byDay.get(d)!) : 0));
  const labels = days.map(dayLabel);
  const costs = pick((g) => g.costUsd);
  // One number of decimals for the whole axis, enough for its largest figure.
  const digits = moneyDigits([Math.max(0, ...costs)], 3);
  const counts = { y: { beginAtZero: true, ticks: { precision: 0 } } };
  const dollars = { y: { beginAtZero: true, ticks: { callback: (v: string | number) => formatMoney(Number(v), digits) } } };
  return {
    requests: {
      type: 'bar',
      data: { labels, datasets: [{ label: 'Requests', data: pick((g) => g.requests), backgroundColor: seriesColor(0) }] },
      options: { scales: counts, plugins: { legend: { display: false }, ...tooltip(formatCount) } },
    },
    tokens: {
      type: 'line',
      data: {
        labels,
        datasets: [line('Prompt tokens', pick((g) => g.promptTokens), 0), line('Completion tokens', pick((g) => g.completionTokens), 1)],
      },
      options: { scales: counts, plugins: tooltip(formatCount) },
    },
    cost: {
      type: 'line',
      data: { labels, datasets: [line('Cost', costs, 2)] },
      options: { scales: dollars, plugins: { legend: { display: false }, ...tooltip(money) } },
    },
  };
}

/** One value per group (provider, model, tier...), as a doughnut or bar chart; `dollars` for a cost. */
export function groupChart(groups: UsageGroupView[], type: 'doughnut' | 'bar', value: (g: UsageGroupView) => number, label: string, dollars = false): ChartConfig {
  const tip = tooltip(dollars ? money : formatCount, (h) => h.label);
  return {
    type,
    data: {
      labels: groups.map((g) => g.group || '(none)'),
      datasets: [{ label, data: groups.map(value), backgroundColor: groups.map((_, i) => seriesColor(i)) }],
    },
    options: type === 'bar' ? { scales: { y: { beginAtZero: true } }, plugins: { legend: { display: false }, ...tip } } : { plugins: tip },
  };
}
