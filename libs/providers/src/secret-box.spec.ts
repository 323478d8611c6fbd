import { randomBytes } from 'node:crypto';
import { maskSecret, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);

  it('round-trips and never leaves the plaintext in the ciphertext', () => {
    const box = new SecretBox(newKey);
    const sealed = box.seal('sk-live-secret-value');
    expect(sealed).not.toContain('secret');
    expect(box.open(sealed)).toBe('sk-live-secret-value');
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('opens values sealed with a previous key after rotation and flags them stale', () => {
    const sealedOld = new SecretBox(oldKey).seal('sk-old');
    const rotated = new SecretBox(newKey, [oldKey]);
    expect(rotated.open(sealedOld)).toBe('sk-old');
    expect(rotated.isStale(sealedOld)).toBe(true);
    expect(rotated.isStale(rotated.seal('sk-new'))).toBe(false);
    expect(() => new SecretBox(newKey).open(sealedOld)).toThrow(/unknown key/);
  });

  it('rejects tampered ciphertext', () => {
    const box = new SecretBox(newKey);
    const parts = box.seal('sk-abc').split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });

  it('masks keys as prefix…last4', () => {
    expect(maskSecret('sk-proj-abcdefgh1234')).toBe('sk-…1234');
    expect(maskSecret('AIzaSyXXXXXXXXabcd')).toBe('…abcd');
  });
});
