import { SECRET_HEADER, type RuntimeProvider } from '@gateway/providers';

/** Things that look like provider credentials, whoever echoed them (OpenAI repeats a bad key in its 401). */
const KEY_LIKE = /\b(?:sk|gsk|xai|pk|rk)-[A-Za-z0-9_*.-]{6,}|\bAIza[0-9A-Za-z_-]{10,}|\bsk_[A-Za-z0-9_*]{10,}/g;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A message without the provider's secret or anything shaped like a key: fit for logs and usage rows. */
export function redactSecrets(message: string, provider: RuntimeProvider | undefined): string {
  let out = message;
  for (const secret of secretsOf(provider)) out = out.split(secret).join('[redacted]');
  return out.replace(KEY_LIKE, '[redacted]');
}

/** The provider's key and the values of its secret-looking custom headers (bearer prefixes too). */
function secretsOf(provider: RuntimeProvider | undefined): string[] {
  if (!provider) return [];
  const secrets = [provider.config.apiKey ?? ''];
  for (const [name, value] of Object.entries(provider.config.headers)) {
    if (!SECRET_HEADER.test(name)) continue;
    secrets.push(value, value.replace(/^(bearer|basic|token)\s+/i, ''));
  }
  const credentials = provider.config.baseUrl ? /:\/\/([^/@]+)@/.exec(provider.config.baseUrl)?.[1] : undefined;
  if (credentials) secrets.push(credentials, ...credentials.split(':').slice(1));
  return secrets.filter((s) => s.length >= 6);
}

/**
 * A message as a caller may see it: no secret, and neither the provider's name nor the
 * upstream model (a shadow model does not reveal its supplier).
 */
export function callerMessage(message: string, provider: RuntimeProvider | undefined, upstreamModel: string | undefined, publicModel: string): string {
  let out = redactSecrets(message, provider);
  if (upstreamModel && upstreamModel !== publicModel) out = out.replace(new RegExp(escape(upstreamModel), 'g'), publicModel);
  if (provider?.name) out = out.replace(new RegExp(escape(provider.name), 'g'), 'the provider');
  return out;
}
