import { Injectable } from '@nestjs/common';
import type { PricingCatalogEntryView } from '@gateway/contracts';
import { findProvider } from '@pydantic/genai-prices';
import { currentPrices, toEntryView, type CatalogPriceHistory } from './catalog-entry';
import { matches, type MatchLogic } from './match-logic';

/**
 * The catalog's providers we offer, first-party first (their entry wins a tie). Listed, because
 * the package looks providers up by id and does not enumerate them.
 */
export const CATALOG_PROVIDERS = [
  'openai',
  'anthropic',
  'google',
  'mistral',
  'deepseek',
  'x-ai',
  'cohere',
  'moonshotai',
  'zai',
  'groq',
  'cerebras',
  'together',
  'fireworks',
  'perplexity',
  'azure',
  'aws',
  'openrouter',
] as const;

interface Entry {
  view: PricingCatalogEntryView;
  match: MatchLogic | undefined;
  lowerId: string;
  order: number;
}

/**
 * Known models' prices from the bundled `@pydantic/genai-prices` data: loaded once, in memory,
 * never fetched at run time (the catalog changes with the dependency).
 */
@Injectable()
export class PricingCatalogService {
  private entries?: Entry[];

  /** Best match first: the exact id, then entries whose own rule matches (dated snapshots, aliases), then prefixes and substrings. */
  search(query: { search?: string; provider?: string; limit: number }): PricingCatalogEntryView[] {
    const q = query.search?.trim().toLowerCase() ?? '';
    const candidates = this.all().filter((e) => !query.provider || e.view.provider === query.provider);
    const ranked: Array<{ entry: Entry; rank: number }> = [];
    for (const entry of candidates) {
      const rank = rankOf(entry, q);
      if (rank !== null) ranked.push({ entry, rank });
    }
    ranked.sort((a, b) => a.rank - b.rank || a.entry.order - b.entry.order || a.entry.lowerId.length - b.entry.lowerId.length);
    return ranked.slice(0, query.limit).map((r) => r.entry.view);
  }

  private all(): Entry[] {
    if (!this.entries) {
      const entries: Entry[] = [];
      CATALOG_PROVIDERS.forEach((id, order) => {
        const provider = findProvider({ providerId: id });
        for (const model of provider?.models ?? []) {
          if (model.deprecated) continue;
          const prices = currentPrices(model.prices as CatalogPriceHistory);
          entries.push({ view: toEntryView(id, model.id, model.name ?? model.id, prices), match: model.match as MatchLogic, lowerId: model.id.toLowerCase(), order });
        }
      });
      this.entries = entries;
    }
    return this.entries;
  }
}

function rankOf(entry: Entry, q: string): number | null {
  if (!q) return 5;
  if (entry.lowerId === q) return 0;
  // Provider-prefixed ids (`openai/gpt-4o`) count as the bare id for routers like OpenRouter.
  const bare = q.includes('/') ? q.slice(q.lastIndexOf('/') + 1) : q;
  if (matches(entry.match, q) || matches(entry.match, bare)) return 1;
  if (entry.lowerId.startsWith(q)) return 2;
  if (entry.lowerId.includes(q)) return 3;
  if (entry.view.name.toLowerCase().includes(q)) return 4;
  return null;
}
