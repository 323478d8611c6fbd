import { orderTargets } from './routing';

const t = (name: string, priority: number, weight = 1) => ({ name, priority, weight });

describe('orderTargets', () => {
  it('tries lower priority numbers first', () => {
    const order = orderTargets([t('backup', 1), t('primary', 0), t('last', 5)]).map((x) => x.name);
    expect(order).toEqual(['primary', 'backup', 'last']);
  });

  it('splits first tries by weight within a priority', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const firsts = { heavy: 0, light: 0 };
    for (let i = 0; i < 4000; i++) firsts[orderTargets([t('heavy', 0, 3), t('light', 0, 1)], random)[0].name as 'heavy' | 'light']++;
    expect(firsts.heavy / 4000).toBeGreaterThan(0.7);
    expect(firsts.heavy / 4000).toBeLessThan(0.8);
  });

  it('keeps every target exactly once and never picks a zero weight first while others have weight', () => {
    const order = orderTargets([t('zero', 0, 0), t('one', 0, 1), t('two', 0, 2)], () => 0.999);
    expect(order.map((x) => x.name).sort()).toEqual(['one', 'two', 'zero']);
    expect(order[2].name).toBe('zero');
  });
});
