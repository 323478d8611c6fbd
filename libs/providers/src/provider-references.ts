import { Injectable } from '@nestjs/common';

/**
 * Whether a provider is still routed to. The models module registers its check here,
 * so providers need not depend on models.
 */
@Injectable()
export class ProviderReferences {
  private check: (providerId: string) => boolean = () => false;

  register(check: (providerId: string) => boolean) {
    this.check = check;
  }

  isReferenced(providerId: string) {
    return this.check(providerId);
  }
}
