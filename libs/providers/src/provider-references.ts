import { Injectable } from '@nestjs/common';

/**
 * Whether a provider is still routed to. The models module registers its check here,
 * so providers need not depend on models.
 */
@Injectable()
export class ProviderReferences {
  private targets: (providerId: string) => string[] = () => [];

  /** `targets` lists the upstream models that models route to on this provider. */
  register(targets: (providerId: string) => string[]) {
    this.targets = targets;
  }

  isReferenced(providerId: string) {
    return this.targets(providerId).length > 0;
  }

  upstreamModels(providerId: string): string[] {
    return this.targets(providerId);
  }
}
