import type { RuntimeProvider } from '@gateway/providers';
import { callerMessage, redactSecrets } from './scrub';

const provider = { name: 'acme-openai-prod', config: { apiKey: 'sk-proj-abcdefghijklmnop', headers: { 'x-proxy-token': 'Bearer tok_abc123456', 'x-team': 'blue-team' } } } as unknown as RuntimeProvider;

describe('messages callers and usage rows may see', () => {
  it('never carries the provider key, whole or echoed in part', () => {
    expect(redactSecrets('Incorrect API key provided: sk-proj-abcdefghijklmnop.', provider)).toBe('Incorrect API key provided: [redacted].');
    expect(redactSecrets('Incorrect API key provided: sk-proj-****mnop', provider)).not.toContain('mnop');
    expect(redactSecrets('bad key AIzaSyA1234567890abcdef', undefined)).toBe('bad key [redacted]');
    expect(redactSecrets('proxy refused tok_abc123456 for team blue-team', provider)).toBe('proxy refused [redacted] for team blue-team');
  });

  it('names neither the provider nor the upstream model to callers', () => {
    const message = callerMessage('acme-openai-prod: The model `gpt-4o-2024-08-06` does not exist', provider, 'gpt-4o-2024-08-06', 'team-chat');
    expect(message).toBe('the provider: The model `team-chat` does not exist');
  });
});
