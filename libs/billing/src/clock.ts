/**
 * The time a request is made at, which places it in a budget period. Tests move it to a period's
 * boundary; nothing else should replace it.
 */
export const clock = { now: (): number => Date.now() };
