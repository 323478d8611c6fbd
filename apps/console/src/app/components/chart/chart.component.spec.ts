import { dailyCharts } from './usage-charts';
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
});
