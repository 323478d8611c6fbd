/** The catalog's rule for which model ids an entry prices (dated snapshots, aliases). */
export type MatchLogic =
  | { and: MatchLogic[] }
  | { or: MatchLogic[] }
  | { equals: string }
  | { starts_with: string }
  | { ends_with: string }
  | { contains: string }
  | { regex: string };

const regexes = new Map<string, RegExp | null>();

function regexOf(source: string): RegExp | null {
  if (!regexes.has(source)) {
    try {
      regexes.set(source, new RegExp(source));
    } catch {
      regexes.set(source, null);
    }
  }
  return regexes.get(source)!;
}

/** Whether `id` (lower case) satisfies the rule. */
export function matches(logic: MatchLogic | undefined, id: string): boolean {
  if (!logic) return false;
  if ('and' in logic) return logic.and.every((l) => matches(l, id));
  if ('or' in logic) return logic.or.some((l) => matches(l, id));
  if ('equals' in logic) return id === logic.equals;
  if ('starts_with' in logic) return id.startsWith(logic.starts_with);
  if ('ends_with' in logic) return id.endsWith(logic.ends_with);
  if ('contains' in logic) return id.includes(logic.contains);
  if ('regex' in logic) return regexOf(logic.regex)?.test(id) ?? false;
  return false;
}
