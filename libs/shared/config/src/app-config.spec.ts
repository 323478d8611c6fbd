import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('takes a 32-byte ENCRYPTION_KEY as base64 or as 64 hex characters, the same key either way', () => {
    const key = randomBytes(32);
    const base64 = loadConfig({ ENCRYPTION_KEY: key.toString('base64'), ENCRYPTION_KEY_PREVIOUS: `${key.toString('hex')},${key.toString('base64')}` });
    const hex = loadConfig({ ENCRYPTION_KEY: key.toString('hex') });
    expect(base64.encryption.key.equals(key)).toBe(true);
    expect(hex.encryption.key.equals(key)).toBe(true);
    expect(base64.encryption.previousKeys.map((k) => k.equals(key))).toEqual([true, true]);
  });

  it('names both accepted forms when the key is neither', () => {
    for (const bad of ['short', randomBytes(16).toString('hex'), randomBytes(32).toString('hex') + 'ab', 'z'.repeat(64)]) {
      expect(() => loadConfig({ ENCRYPTION_KEY: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ ENCRYPTION_KEY: bad })).toThrow(/ENCRYPTION_KEY must be 32 bytes, as base64 \(openssl rand -base64 32\) or as 64 hex characters \(openssl rand -hex 32\)/);
    }
  });

  it('reads TRUST_PROXY as off, on, a hop count or a list of proxies', () => {
    expect(loadConfig({}).http.trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).http.trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
    expect(() => loadConfig({ TRUST_PROXY: 'anyone' })).toThrow(/TRUST_PROXY must be/);
  });

  it('bounds the Redis command deadline and reads the log format', () => {
    expect(loadConfig({}).redis.commandTimeoutMs).toBe(1000);
    expect(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '5' })).toThrow(/REDIS_COMMAND_TIMEOUT_MS/);
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadConfig({}).logFormat).toBeNull();
  });

  it('puts the usage writer in the worker only when there is Redis and a separate worker, unless told', () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(loadConfig({}).usage.writer).toBe('api');
    expect(loadConfig({ USAGE_WRITER: 'worker' }).usage.writer).toBe('api'); // no Redis: nowhere else to go
    expect(loadConfig(redis).usage.writer).toBe('worker');
    expect(loadConfig({ ...redis, WORKER_IN_PROCESS: 'true' }).usage.writer).toBe('api');
    expect(loadConfig({ ...redis, USAGE_WRITER: 'api' }).usage.writer).toBe('api');
    expect(() => loadConfig({ ...redis, USAGE_WRITER: 'both' })).toThrow(/USAGE_WRITER/);
    expect(loadConfig(redis).role).toBe('api');
  });

  it('reads single sign-on from OIDC_*, requiring the client and redirect with an issuer', () => {
    expect(loadConfig({}).oidc).toBeNull();
    const oidc = loadConfig({
      OIDC_ISSUER_URL: 'https://idp.example.com/realms/staff',
      OIDC_CLIENT_ID: 'gateway',
      OIDC_REDIRECT_URL: 'https://gw.example.com/api/v1/auth/oidc/callback',
      OIDC_ALLOWED_DOMAINS: 'Example.com, corp.example',
      OIDC_SSO_REQUIRED: 'true',
      OIDC_CLAIM_MAPPING: '{"rules":[{"value":"llm-admins","role":"admin"}]}',
    }).oidc;
    expect(oidc).toMatchObject({ clientSecret: null, scopes: 'openid email profile', ssoRequired: true, allowedDomains: ['example.com', 'corp.example'], breakGlassEmails: [] });
    expect(oidc!.claimMapping).toEqual({ rules: [{ value: 'llm-admins', role: 'admin' }] });
    expect(() => loadConfig({ OIDC_ISSUER_URL: 'https://idp.example.com', OIDC_CLAIM_MAPPING: '{' })).toThrow(/OIDC_CLIENT_ID[\s\S]*OIDC_REDIRECT_URL[\s\S]*OIDC_CLAIM_MAPPING: must be JSON/);
  });
});
