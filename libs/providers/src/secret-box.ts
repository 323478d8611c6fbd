import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for provider API keys at rest. Ciphertext: `v1.<key id>.<iv>.<tag>.<data>`
 * (base64url parts); the key id (a hash prefix of the key) tells which key sealed it, so
 * keys can be rotated: new key in ENCRYPTION_KEY, old ones in ENCRYPTION_KEY_PREVIOUS.
 */
export class SecretBox {
  private readonly keys: Map<string, Buffer>;
  private readonly currentId: string;

  constructor(current: Buffer, previous: Buffer[] = []) {
    this.currentId = SecretBox.keyId(current);
    this.keys = new Map([current, ...previous].map((k) => [SecretBox.keyId(k), k]));
  }

  static keyId(key: Buffer) {
    return createHash('sha256').update(key).digest('base64url').slice(0, 8);
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId)!, iv);
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.currentId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [version, keyId, iv, tag, data] = sealed.split('.');
    const key = this.keys.get(keyId);
    if (version !== 'v1' || !key) throw new Error('Cannot decrypt: sealed with an unknown key (set ENCRYPTION_KEY_PREVIOUS)');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** Whether this ciphertext was sealed with an older key and should be re-sealed. */
  isStale(sealed: string): boolean {
    return sealed.split('.')[1] !== this.currentId;
  }
}

/** `sk-…abcd`: enough to recognise a key, never enough to use it. */
export function maskSecret(secret: string): string {
  const tail = secret.slice(-4);
  const dash = secret.indexOf('-');
  const head = dash > 0 && dash <= 6 ? secret.slice(0, dash + 1) : '';
  return `${head}…${tail}`;
}
