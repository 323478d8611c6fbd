import { Algorithm, hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): ~20 ms here, and 19 MiB per hash in flight. */
export const ARGON2_OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Password hashing with a ceiling on how many hashes run at once, so a burst of logins
 * queues instead of taking memory without bound. Verification reads the parameters from the
 * stored hash, so hashes made with other parameters (or by the `argon2` package) still verify.
 */
export class PasswordHasher {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly concurrency: number) {}

  hash(password: string): Promise<string> {
    return this.bounded(() => hash(password, ARGON2_OPTIONS));
  }

  /** False for a wrong password and for a hash that is not argon2 (never throws on bad input). */
  verify(stored: string, password: string): Promise<boolean> {
    return this.bounded(() => verify(stored, password).catch(() => false));
  }

  private async bounded<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
