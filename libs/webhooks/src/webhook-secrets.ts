import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import { SecretBox } from '@gateway/providers';

/** Signing secrets: made here, shown once, kept sealed with ENCRYPTION_KEY. */
@Injectable()
export class WebhookSecrets {
  private readonly box: SecretBox;
  /** How a secret sealed with the current ENCRYPTION_KEY begins. */
  readonly currentPrefix: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.box = new SecretBox(config.encryption.key, config.encryption.previousKeys);
    this.currentPrefix = `v1.${SecretBox.keyId(config.encryption.key)}.`;
  }

  generate(): { secret: string; sealed: string } {
    const secret = `whsec_${randomBytes(32).toString('base64url')}`;
    return { secret, sealed: this.box.seal(secret) };
  }

  open(sealed: string): string {
    return this.box.open(sealed);
  }

  /** The same secret sealed with the current key (after a rotation). */
  reseal(sealed: string): string {
    return this.box.seal(this.box.open(sealed));
  }
}

/** Belt and braces: whatever a receiver or a network error said, the secret never lands in a row. */
export const redact = (text: string, secret: string) => (secret ? text.split(secret).join('[redacted]') : text);
