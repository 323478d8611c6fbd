/** Sampling and limit parameters every translation reads the same way. */

export function maxTokensOf(request: { max_tokens?: number | null; max_completion_tokens?: number | null }): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens ?? undefined;
}

export function stopListOf(stop: string | string[] | null | undefined): string[] | undefined {
  if (stop == null) return undefined;
  const list = Array.isArray(stop) ? stop : [stop];
  return list.length ? list : undefined;
}
