import { costMicros, estimateHoldMicros } from './pricing';

describe('costMicros', () => {
  const price = { inputPriceMicros: 1_000_000, outputPriceMicros: 2_000_000 }; // $1 / $2 per MTok

  it('charges tokens × price / 1e6 in micro-dollars', () => {
    expect(costMicros(price, 1000, 500)).toBe(2000); // 1000 µ$ + 1000 µ$
    expect(costMicros(price, 0, 0)).toBe(0);
  });

  it('rounds once per request, half up', () => {
    const cheap = { inputPriceMicros: 150_000, outputPriceMicros: 600_000 }; // $0.15 / $0.60
    expect(costMicros(cheap, 10, 0)).toBe(2); // 1.5 -> 2
    expect(costMicros(cheap, 3, 0)).toBe(0); // 0.45 -> 0
    expect(costMicros(cheap, 3, 1)).toBe(1); // 0.45 + 0.6 = 1.05 -> 1 (not 0 + 1 rounded separately = 1, nor 2)
  });

  it('holds prompt plus max_tokens, or a default completion budget', () => {
    expect(estimateHoldMicros(price, 100, 50)).toBe(200);
    expect(estimateHoldMicros(price, 100, undefined)).toBe(100 + 2048);
  });
});
