/** Header names whose values are credentials (a provider's custom auth header, a proxy token). */
export const SECRET_HEADER = /auth|key|token|secret|cookie|signature|passw|credential/i;
/** What a masked value starts with; sent back unchanged (a form re-submitted), it keeps the stored secret. */
const MASK = '…';

/** What is sealed at rest (one ciphertext per provider, beside the API key's). */
export interface ProviderSecrets {
  /** Values of the secret-looking custom headers, by lower-case name. */
  headers: Record<string, string>;
  /** `user:password` of the base URL (percent-encoded as in the URL), or null. */
  urlCredentials: string | null;
}

export const NO_SECRETS: ProviderSecrets = { headers: {}, urlCredentials: null };

/** `…` and the last four characters (nothing of a short value). */
export const maskValue = (value: string) => (value.length >= 12 ? `${MASK}${value.slice(-4)}` : MASK);

/**
 * Split a provider's base URL and headers as given into what is stored in the clear (the URL
 * without credentials, header values or their masks) and what is sealed. A masked value (or a
 * URL whose credentials are the mask) sent back keeps what `previous` holds.
 */
export function splitSecrets(
  baseUrl: string | null,
  headers: Record<string, string>,
  previous: ProviderSecrets,
): { baseUrl: string | null; headers: Record<string, string>; secrets: ProviderSecrets } {
  const secrets: ProviderSecrets = { headers: {}, urlCredentials: null };
  const clear: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!SECRET_HEADER.test(name)) clear[name] = value;
    else {
      const kept = value.startsWith(MASK) && previous.headers[name] !== undefined;
      secrets.headers[name] = kept ? previous.headers[name] : value;
      clear[name] = maskValue(secrets.headers[name]);
    }
  }
  let url = baseUrl;
  if (baseUrl) {
    const u = new URL(baseUrl);
    if (u.username || u.password) {
      const given = u.password ? `${u.username}:${u.password}` : u.username;
      secrets.urlCredentials = given === encodeURIComponent(MASK) && previous.urlCredentials ? previous.urlCredentials : given;
      u.username = '';
      u.password = '';
      // Stored (and shown) with the mask where the credentials were.
      url = u.toString().replace(/\/+$/, '').replace('://', `://${MASK}@`);
    }
  }
  return { baseUrl: url, headers: clear, secrets };
}

/** The URL and headers the provider is called with: the clear parts with the secrets put back. */
export function joinSecrets(baseUrl: string | null, headers: Record<string, string>, secrets: ProviderSecrets): { baseUrl: string | null; headers: Record<string, string> } {
  let url = baseUrl;
  if (baseUrl && secrets.urlCredentials) url = baseUrl.replace(`://${MASK}@`, `://${secrets.urlCredentials}@`);
  return { baseUrl: url, headers: { ...headers, ...secrets.headers } };
}

/** Whether a stored row still holds a secret in the clear (written before secrets were sealed). */
export function holdsClearSecrets(baseUrl: string | null, headers: Record<string, string>): boolean {
  if (baseUrl && /:\/\/[^/]*@/.test(baseUrl) && !baseUrl.includes(`://${MASK}@`)) return true;
  return Object.entries(headers ?? {}).some(([name, value]) => SECRET_HEADER.test(name) && !value.startsWith(MASK));
}
