/** Shared setup for the gateway suites: an admin, providers in front of fake upstreams, models, users with keys, SDK clients. */
import Anthropic from '@anthropic-ai/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { waitFor } from '@gateway/testing';
import { api, login, newUser } from '../support/http';
import { startFakeUpstream, type FakeBehaviour, type FakeKind, type FakeUpstream } from '../support/fake-upstream';
import type { GatewayAddress } from '../support/test-app';

export type Client = ReturnType<typeof api>;

/**
 * A data directory of the test app's own: without Redis the usage outbox is a file under
 * DATA_DIR, and apps sharing one (other suites, parallel runs) would drain each other's records.
 */
export function privateDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gw-e2e-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let counter = 0;
/** A name unique within the test run. */
export const unique = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;

export interface Route {
  model: string;
  modelId: string;
  providers: Array<{ id: string; fake?: FakeUpstream }>;
}

export interface TargetSpec {
  kind: FakeKind | 'mock';
  upstreamModel?: string;
  behaviour?: Partial<FakeBehaviour>;
  priority?: number;
  timeoutMs?: number;
  /** Point the provider at a port nobody listens on. */
  unreachable?: boolean;
  apiKey?: string;
  headers?: Record<string, string>;
}

export interface UserKey {
  id: string;
  key: string;
  keyId: string;
  client: Client;
  openai: OpenAI;
  anthropic: Anthropic;
}

/** Gateway test harness over one running test app. */
export class Gateway {
  readonly fakes: FakeUpstream[] = [];
  admin!: Client;

  constructor(readonly t: GatewayAddress) {}

  async init(): Promise<this> {
    this.admin = api(this.t.url, (await login(this.t.url, this.t.adminEmail, this.t.adminPassword)).accessToken);
    return this;
  }

  async fake(kind: FakeKind, behaviour: Partial<FakeBehaviour> = {}): Promise<FakeUpstream> {
    const fake = await startFakeUpstream(kind, behaviour);
    this.fakes.push(fake);
    return fake;
  }

  /** Create a provider (in front of a fresh fake upstream unless `mock`). */
  async provider(spec: TargetSpec): Promise<{ id: string; fake?: FakeUpstream }> {
    const fake = spec.kind === 'mock' ? undefined : await this.fake(spec.kind, spec.behaviour);
    const baseUrl = spec.unreachable ? (spec.kind === 'openai' ? 'http://127.0.0.1:9/v1' : 'http://127.0.0.1:9') : fake?.baseUrl;
    const res = await this.admin.post('/api/v1/providers', {
      name: unique(spec.kind),
      type: spec.kind,
      ...(baseUrl ? { baseUrl } : {}),
      apiKey: spec.apiKey ?? (spec.kind === 'mock' ? undefined : `sk-upstream-${spec.kind}-secret-1234`),
      ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}),
      ...(spec.headers ? { headers: spec.headers } : {}),
    });
    if (res.status !== 201) throw new Error(`provider: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, fake };
  }

  /** A public model routed to these targets (in this priority order unless given). */
  /** `extra.prices`: any other price fields of `POST /api/v1/models` (cache, long context). */
  async route(
    targets: TargetSpec[],
    extra: { inputPriceUsdPerMTok?: number; outputPriceUsdPerMTok?: number; tiers?: string[]; name?: string; prices?: Record<string, number | null> } = {},
  ): Promise<Route> {
    const providers: Route['providers'] = [];
    for (const spec of targets) providers.push(await this.provider(spec));
    const name = extra.name ?? unique('model');
    const res = await this.admin.post('/api/v1/models', {
      name,
      targets: targets.map((spec, i) => ({
        providerId: providers[i].id,
        upstreamModel: spec.upstreamModel ?? (spec.kind === 'mock' ? 'mock-small' : `upstream-${spec.kind}-${i}`),
        priority: spec.priority ?? i,
      })),
      inputPriceUsdPerMTok: extra.inputPriceUsdPerMTok ?? 1000,
      outputPriceUsdPerMTok: extra.outputPriceUsdPerMTok ?? 2000,
      ...(extra.tiers ? { tiers: extra.tiers } : {}),
      ...extra.prices,
    });
    if (res.status !== 201) throw new Error(`model: ${res.status} ${JSON.stringify(res.body)}`);
    return { model: name, modelId: res.body.id, providers };
  }

  /** A new user with credits and one API key (options as `POST /api/v1/keys` takes them). */
  async user(options: { creditsUsd?: number; key?: Record<string, unknown> } = {}): Promise<UserKey> {
    const u = await newUser(this.t.url);
    if ((options.creditsUsd ?? 10) > 0) {
      const grant = await this.admin.post('/api/v1/admin/credits/grant', { userId: u.id, amountUsd: options.creditsUsd ?? 10 });
      if (grant.status !== 201 && grant.status !== 200) throw new Error(`grant: ${grant.status} ${JSON.stringify(grant.body)}`);
    }
    const created = await u.client.post('/api/v1/keys', { name: unique('key'), ...options.key });
    if (created.status !== 201) throw new Error(`key: ${created.status} ${JSON.stringify(created.body)}`);
    const key = created.body.key as string;
    return { id: u.id, key, keyId: created.body.id, client: u.client, openai: this.openai(key), anthropic: this.anthropic(key) };
  }

  openai(key: string, path = '/v1'): OpenAI {
    return new OpenAI({ apiKey: key, baseURL: `${this.t.url}${path}`, maxRetries: 0 });
  }

  anthropic(key: string, root = ''): Anthropic {
    return new Anthropic({ apiKey: key, baseURL: `${this.t.url}${root}`, maxRetries: 0 });
  }

  /** The user's usage row for one request, once the usage writer has stored it. */
  usageRow(user: { client: Client }, requestId: string, timeoutMs = 5000): Promise<any> {
    return waitFor(async () => {
      const res = await user.client.get('/api/v1/users/me/usage?pageSize=100');
      return (res.body.items as any[] | undefined)?.find((row) => row.requestId === requestId);
    }, timeoutMs);
  }

  /** The user's one usage row (for requests whose id the caller never saw, e.g. aborted ones). */
  onlyUsageRow(user: { client: Client }, timeoutMs = 5000): Promise<any> {
    return waitFor(async () => {
      const res = await user.client.get('/api/v1/users/me/usage?pageSize=100');
      return res.body.total === 1 ? res.body.items[0] : undefined;
    }, timeoutMs);
  }

  async balance(user: { client: Client }): Promise<number> {
    return (await user.client.get('/api/v1/users/me/credits')).body.balanceUsd;
  }

  async close(): Promise<void> {
    await Promise.all(this.fakes.map((f) => f.close()));
  }
}

/** Read a raw SSE body into its events. */
export function sseEvents(text: string): Array<{ event?: string; data: string }> {
  return text
    .split(/\n\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      return event ? { event, data } : { data };
    });
}

/** Server-Timing as the gateway sends it: `gw;dur=…, upstream;dur=…`. */
export const SERVER_TIMING = /^gw;dur=\d+(\.\d+)?, upstream;dur=\d+(\.\d+)?$/;

export function timing(header: string | null): { gw: number; upstream: number } {
  const m = /^gw;dur=([\d.]+), upstream;dur=([\d.]+)$/.exec(header ?? '');
  if (!m) throw new Error(`bad Server-Timing: ${header}`);
  return { gw: Number(m[1]), upstream: Number(m[2]) };
}

/** Cost in dollars at the fixture's default prices ($1000 in / $2000 out per million tokens). */
export const costOf = (prompt: number, completion: number, input = 1000, output = 2000) => (prompt * input + completion * output) / 1e6;
