import { numberSetting } from './playground-page.component';

describe('numberSetting', () => {
  it('reads empty as the default and a number in range as itself', () => {
    expect(numberSetting('', 0, 2)).toBeNull();
    expect(numberSetting('  ', 0, 2)).toBeNull();
    expect(numberSetting('0.7', 0, 2)).toBe(0.7);
    expect(numberSetting('0', 0, 2)).toBe(0);
    expect(numberSetting('256', 1, 200_000, true)).toBe(256);
  });

  it('marks text, out-of-range and fractional counts invalid', () => {
    expect(numberSetting('warm', 0, 2)).toBeNaN();
    expect(numberSetting('2.5', 0, 2)).toBeNaN();
    expect(numberSetting('-1', 0, 2)).toBeNaN();
    expect(numberSetting('10.5', 1, 200_000, true)).toBeNaN();
    expect(numberSetting('0', 1, 200_000, true)).toBeNaN();
  });
});
