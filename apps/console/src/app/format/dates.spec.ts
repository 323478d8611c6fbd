import { formatAgo, formatWhen } from './dates';

const at = new Date(2026, 11, 3, 14, 5);
const now = at.getTime();

describe('formatWhen', () => {
  it('writes the one date style, with or without the time', () => {
    expect(formatWhen(at)).toBe('3 Dec 2026, 14:05');
    expect(formatWhen(at, false)).toBe('3 Dec 2026');
    expect(formatWhen('2026-12-31T23:30:00Z', true, 'en-US', 'UTC')).toBe('31 Dec 2026, 23:30');
  });

  it('shows a dash for a missing or unreadable date', () => {
    expect(formatWhen(null)).toBe('—');
    expect(formatWhen('')).toBe('—');
    expect(formatWhen('not a date')).toBe('—');
  });
});

describe('formatAgo', () => {
  const ago = (seconds: number) => formatAgo(now - seconds * 1000, now);

  it('says how long ago in the largest whole unit', () => {
    expect(ago(10)).toBe('just now');
    expect(ago(50)).toBe('1 min ago');
    expect(ago(5 * 60)).toBe('5 min ago');
    expect(ago(3 * 3600 + 120)).toBe('3 h ago');
    expect(ago(86_400)).toBe('1 day ago');
    expect(ago(2 * 86_400)).toBe('2 days ago');
  });

  it('reads a moment to come as "in …"', () => {
    expect(ago(-10 * 60)).toBe('in 10 min');
  });

  it('falls back to the date a week or more away, and a dash without a date', () => {
    expect(ago(8 * 86_400)).toBe('25 Nov 2026');
    expect(formatAgo(null, now)).toBe('—');
  });
});
