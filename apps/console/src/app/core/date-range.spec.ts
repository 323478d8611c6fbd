import { rangeProblem } from './date-range';

describe('rangeProblem', () => {
  it('refuses a From after To and accepts open or ordered ranges', () => {
    expect(rangeProblem('2026-12-05', '2026-12-01')).toBe('From must not be after To');
    expect(rangeProblem('2026-12-01', '2026-12-01')).toBeNull();
    expect(rangeProblem('', '2026-12-01')).toBeNull();
    expect(rangeProblem('2026-12-01', '')).toBeNull();
  });
});
