import { formatCount, formatMoney, MINUS, moneyDigits } from './money';

describe('formatMoney', () => {
  it('puts a real minus sign before the dollar sign', () => {
    expect(formatMoney(-0.000022, 6)).toBe(`${MINUS}$0.000022`);
    expect(formatMoney(-12.5)).toBe(`${MINUS}$12.50`);
  });

  it('rounds balances to cents and shows every micro-dollar in full', () => {
    expect(formatMoney(499.985812)).toBe('$499.99');
    expect(formatMoney(499.985812, 'full')).toBe('$499.985812');
    expect(formatMoney(5, 'full')).toBe('$5.00');
  });

  it('writes zero without a sign, also when a tiny negative rounds to it', () => {
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(-0.000001)).toBe('$0.00');
  });

  it('gives a figure standing alone enough decimals to read', () => {
    expect(formatMoney(0.0023, 'auto')).toBe('$0.0023');
    expect(formatMoney(-0.000022, 'auto')).toBe(`${MINUS}$0.000022`);
    expect(formatMoney(12.5, 'auto')).toBe('$12.50');
  });

  it('groups thousands of large amounts', () => {
    expect(formatMoney(1234567.891)).toBe('$1,234,567.89');
  });

  it('shows a dash for a missing amount', () => {
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(undefined)).toBe('—');
    expect(formatMoney(Number.NaN)).toBe('—');
  });
});

describe('moneyDigits', () => {
  it('gives a column of tiny costs enough decimals for two significant digits', () => {
    expect(moneyDigits([0.000022, 0.0015])).toBe(6);
    expect(moneyDigits([0.0123, 0.5])).toBe(3);
  });

  it('keeps cents for ordinary amounts, zeros and missing values', () => {
    expect(moneyDigits([12.5, 0, null, 3])).toBe(2);
    expect(moneyDigits([])).toBe(2);
  });

  it('caps at micro-dollars and treats negatives like positives', () => {
    expect(moneyDigits([-0.00000001])).toBe(6);
    expect(moneyDigits([-0.004])).toBe(4);
  });

  it('makes every cell of one column line up', () => {
    const column = [0.000022, 1.5, 0.01];
    const digits = moneyDigits(column);
    expect(column.map((v) => formatMoney(v, digits))).toEqual(['$0.000022', '$1.500000', '$0.010000']);
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(-1500)).toBe(`${MINUS}1,500`);
    expect(formatCount(null)).toBe('—');
  });
});
