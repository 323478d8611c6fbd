import type { ModelTarget } from './entities/model.entity';

/**
 * The order to try a model's targets in: by priority (lowest first); within one
 * priority, a weighted random shuffle, so weight 3 vs 1 takes ~75% of first tries.
 * `random` is injectable for tests.
 */
export function orderTargets<T extends Pick<ModelTarget, 'priority' | 'weight'>>(targets: readonly T[], random: () => number = Math.random): T[] {
  const byPriority = new Map<number, T[]>();
  for (const t of targets) {
    const group = byPriority.get(t.priority) ?? [];
    group.push(t);
    byPriority.set(t.priority, group);
  }
  const ordered: T[] = [];
  for (const priority of [...byPriority.keys()].sort((a, b) => a - b)) {
    const pool = [...byPriority.get(priority)!];
    while (pool.length) {
      const total = pool.reduce((sum, t) => sum + Math.max(t.weight, 0), 0);
      let index = 0;
      if (total > 0) {
        let pick = random() * total;
        index = pool.findIndex((t) => (pick -= Math.max(t.weight, 0)) < 0);
        if (index < 0) index = pool.length - 1;
      }
      ordered.push(pool.splice(index, 1)[0]);
    }
  }
  return ordered;
}
