/**
 * A frame cannot send the console's bearer token, so `/tools/` takes a cookie instead: a signed
 * token of its own type (never accepted as an access token), HttpOnly, SameSite=Strict, sent only
 * under `/tools/`, minted by an admin's session and checked (admin, active) on every request.
 */
export const TOOLS_COOKIE = 'gw_tools';
export const TOOLS_SESSION_SECONDS = 3600;

export const sessionCookie = (token: string, secure: boolean): string =>
  `${TOOLS_COOKIE}=${token}; Path=/tools/; Max-Age=${TOOLS_SESSION_SECONDS}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;

export const clearedCookie = (): string => `${TOOLS_COOKIE}=; Path=/tools/; Max-Age=0; HttpOnly; SameSite=Strict`;

/** A Cookie header without one cookie (the gateway's own never reaches a tool). */
export function withoutCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const kept = header.split(';').filter((part) => part.slice(0, part.indexOf('=')).trim() !== name);
  return kept.length ? kept.map((p) => p.trim()).join('; ') : undefined;
}
