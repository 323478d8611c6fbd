import { auditHash, canonicalJson, GENESIS_HASH, type HashedFields } from './audit-hash';

const record: HashedFields = {
  seq: 1,
  createdAt: '2027-01-01T00:00:00.000Z',
  actorUserId: 'u1',
  actorKeyId: null,
  ip: '127.0.0.1',
  userAgent: 'curl/8',
  requestId: 'r1',
  action: 'key.create',
  targetType: 'api_key',
  targetId: 'k1',
  diff: { after: { name: 'laptop', rpm: 10, models: ['a', 'b'] } },
  prevHash: GENESIS_HASH,
};

describe('canonical hashing of audit records', () => {
  it('serialises objects with sorted keys at every level, arrays in order, no undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: null }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[2,{"y":null,"z":1}]},"b":1}');
    expect(canonicalJson('é"\n')).toBe(JSON.stringify('é"\n'));
  });

  it('gives the same hash whatever order the keys come back in (jsonb reorders them)', () => {
    const reordered = { ...record, diff: { after: { rpm: 10, models: ['a', 'b'], name: 'laptop' } } };
    expect(auditHash(reordered)).toBe(auditHash(record));
    expect(auditHash(record)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with any field: content, position or the previous hash', () => {
    const base = auditHash(record);
    expect(auditHash({ ...record, seq: 2 })).not.toBe(base);
    expect(auditHash({ ...record, prevHash: 'f'.repeat(64) })).not.toBe(base);
    expect(auditHash({ ...record, diff: { after: { name: 'laptop', rpm: 11, models: ['a', 'b'] } } })).not.toBe(base);
    expect(auditHash({ ...record, diff: { after: { name: 'laptop', rpm: 10, models: ['b', 'a'] } } })).not.toBe(base);
    expect(auditHash({ ...record, ip: null })).not.toBe(base);
  });
});
