import { periodAt, periodOfTag } from './budget-period';

const at = (iso: string) => Date.parse(iso);

describe('budget periods (UTC)', () => {
  it('a day runs from midnight to midnight', () => {
    const p = periodAt('day', at('2027-01-31T23:59:59.999Z'));
    expect(p).toEqual({ tag: 'd2027-01-31', start: new Date('2027-01-31T00:00:00Z'), end: new Date('2027-02-01T00:00:00Z') });
    expect(periodAt('day', at('2027-02-01T00:00:00Z')).tag).toBe('d2027-02-01');
  });

  it('a week starts on Monday, also across a month and a year', () => {
    expect(periodAt('week', at('2026-12-06T23:00:00Z'))).toEqual({ tag: 'w2026-11-30', start: new Date('2026-11-30T00:00:00Z'), end: new Date('2026-12-07T00:00:00Z') });
    expect(periodAt('week', at('2026-12-07T00:00:00Z')).tag).toBe('w2026-12-07');
    expect(periodAt('week', at('2027-01-01T12:00:00Z')).tag).toBe('w2026-12-28');
  });

  it('a month ends on the 1st of the next one, December into January', () => {
    expect(periodAt('month', at('2026-12-31T23:59:59Z'))).toEqual({ tag: 'm2026-12-01', start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') });
    expect(periodAt('month', at('2028-02-29T10:00:00Z')).end).toEqual(new Date('2028-03-01T00:00:00Z'));
  });

  it('total never resets', () => {
    expect(periodAt('total', at('2026-12-31T23:59:59Z'))).toEqual({ tag: 't', start: null, end: null });
  });

  it('a tag names its window again; anything else is refused', () => {
    for (const period of ['day', 'week', 'month', 'total'] as const) {
      const p = periodAt(period, at('2027-03-17T08:00:00Z'));
      expect(periodOfTag(p.tag)).toEqual(p);
    }
    for (const bad of ['', 'x2027-01-01', 'd2027-13-01', 'w2027-03-17', 'm2027-03-02', 'd2027-1-1', "d2027-01-01'"]) expect(periodOfTag(bad)).toBeNull();
  });
});
