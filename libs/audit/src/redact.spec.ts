import { auditDiff, redact, REDACTED } from './redact';

describe('redaction of audit diffs', () => {
  it('replaces values named like credentials, at any depth', () => {
    const out = redact({
      name: 'openai',
      apiKey: 'sk-live-0123456789abcdef',
      headers: { 'x-api-key': 'abc', authorization: 'whatever', 'x-custom-token': 't', 'content-type': 'json' },
      nested: [{ password: 'p', secret: 's', clientSecret: 'c', refreshToken: 'r', keyHash: 'h', secretEnc: 'v1:x' }],
    });
    expect(out).toEqual({
      name: 'openai',
      apiKey: REDACTED,
      headers: { 'x-api-key': REDACTED, authorization: REDACTED, 'x-custom-token': REDACTED, 'content-type': 'json' },
      nested: [{ password: REDACTED, secret: REDACTED, clientSecret: REDACTED, refreshToken: REDACTED, keyHash: REDACTED, secretEnc: REDACTED }],
    });
  });

  it('keeps what only looks alike: ids, prefixes, masks, token counts, nulls', () => {
    const view = { keyId: 'k1', prefix: 'gw-abc1234', apiKeyMask: 'sk-…abcd', longContextThresholdTokens: 200000, tpm: 5, apiKey: null };
    expect(redact(view)).toEqual(view);
  });

  it('replaces values that are credentials whatever their name', () => {
    expect(redact({ note: 'Bearer abc.def', other: 'sk-proj-0123456789abcdefgh', hook: 'whsec_0123456789abcdefghij', basic: 'Basic dXNlcjpw' })).toEqual({
      note: REDACTED,
      other: REDACTED,
      hook: REDACTED,
      basic: REDACTED,
    });
  });

  it('turns dates into ISO text and drops undefined and NUL characters', () => {
    expect(redact({ at: new Date('2027-01-02T03:04:05Z'), gone: undefined, text: 'a\u0000b' })).toEqual({ at: '2027-01-02T03:04:05.000Z', text: 'ab' });
  });

  it('keeps only changed fields of an update, whole states for a create or a delete', () => {
    expect(auditDiff({ role: 'user', tier: 'free', active: true }, { role: 'admin', tier: 'free', active: true })).toEqual({ before: { role: 'user' }, after: { role: 'admin' } });
    expect(auditDiff(null, { name: 'k', apiKey: 'x' })).toEqual({ after: { name: 'k', apiKey: REDACTED } });
    expect(auditDiff({ name: 'k' }, null)).toEqual({ before: { name: 'k' } });
    expect(auditDiff({ budget: { micros: 1 } }, { budget: { micros: 2 }, extra: 1 })).toEqual({ before: { budget: { micros: 1 } }, after: { budget: { micros: 2 }, extra: 1 } });
  });
});
