import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { PubSubService } from '@gateway/cache';
import { APP_CONFIG, AppConfig } from '@gateway/config';
import type { DiscoveredModel, HealthStatus, ProviderModelsView, ProviderTestResult, ProviderView } from '@gateway/contracts';
import { CreateProviderDto } from './dto/create-provider.dto';
import { UpdateProviderDto } from './dto/update-provider.dto';
import { Provider } from './entities/provider.entity';
import { getAdapter } from './adapters';
import { ProviderError } from './provider-error';
import { ProviderReferences } from './provider-references';
import { RuntimeProvider, toProviderConfig } from './provider-registry';
import { toCheckView, toProviderView } from './provider-view';
import { ProvidersRepository } from './providers.repository';
import { maskSecret, SecretBox } from './secret-box';
import { UpstreamHttp } from './upstream-http.service';

export const PROVIDERS_CHANGED_CHANNEL = 'gw:providers-changed';
const MODELS_CACHE_MS = 10 * 60_000;
const BREAKER_THRESHOLD = 3;
const BREAKER_COOLDOWN_MS = 30_000;

/** Provider CRUD, plus the in-memory registry the gateway routes with (reloaded on change, on every replica). */
@Injectable()
export class ProvidersService implements OnModuleInit {
  private readonly logger = new Logger('Providers');
  private readonly box: SecretBox;
  private registry = new Map<string, RuntimeProvider>();
  private loads = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: ProvidersRepository,
    private readonly pubsub: PubSubService,
    private readonly http: UpstreamHttp,
    private readonly references: ProviderReferences,
  ) {
    this.box = new SecretBox(config.encryption.key, config.encryption.previousKeys);
  }

  async onModuleInit(): Promise<void> {
    await this.pubsub.subscribe(PROVIDERS_CHANGED_CHANNEL, () => void this.reload().catch((e) => this.logger.error(e)));
    await this.reload();
    setInterval(() => void this.reload().catch(() => undefined), 30_000).unref();
  }

  /** Rebuild the registry from the database; re-seals keys still under a rotated-out encryption key. */
  async reload(): Promise<void> {
    // A slower, older load must not overwrite a newer one (a change races the periodic refresh).
    const load = ++this.loads;
    const next = new Map<string, RuntimeProvider>();
    for (const p of await this.repo.all()) {
      let apiKey: string | null = null;
      if (p.apiKeyEnc) {
        try {
          apiKey = this.box.open(p.apiKeyEnc);
          if (this.box.isStale(p.apiKeyEnc)) await this.repo.update(p.id, { apiKeyEnc: this.box.seal(apiKey) });
        } catch (e) {
          this.logger.error(`provider ${p.name}: ${(e as Error).message}`);
        }
      }
      const old = this.registry.get(p.id);
      const adapter = getAdapter(p.type);
      next.set(p.id, {
        id: p.id,
        name: p.name,
        enabled: p.enabled,
        health: p.healthStatus,
        config: toProviderConfig(p, apiKey, this.config.upstream.timeoutMs),
        adapter,
        transport: adapter.transport ?? this.http,
        openUntil: old?.openUntil ?? 0,
        consecutiveFailures: old?.consecutiveFailures ?? 0,
      });
    }
    if (load === this.loads) this.registry = next;
  }

  /** Hot path: a provider by id from memory. */
  runtime(id: string): RuntimeProvider | undefined {
    return this.registry.get(id);
  }

  runtimes(): RuntimeProvider[] {
    return [...this.registry.values()];
  }

  /** Whether routing should try this provider now: enabled, not marked down, breaker closed. */
  isAvailable(p: RuntimeProvider, now = Date.now()): boolean {
    return p.enabled && p.health !== 'down' && p.openUntil <= now;
  }

  recordSuccess(p: RuntimeProvider): void {
    p.consecutiveFailures = 0;
    p.openUntil = 0;
  }

  recordFailure(p: RuntimeProvider): void {
    if (++p.consecutiveFailures >= BREAKER_THRESHOLD) p.openUntil = Date.now() + BREAKER_COOLDOWN_MS;
  }

  async list(): Promise<ProviderView[]> {
    return (await this.repo.all()).map(toProviderView);
  }

  async get(id: string): Promise<Provider> {
    const p = await this.repo.findById(id);
    if (!p) throw new NotFoundException('Provider not found');
    return p;
  }

  async create(dto: CreateProviderDto): Promise<ProviderView> {
    if (await this.repo.findByName(dto.name)) throw new ConflictException(`A provider named "${dto.name}" exists`);
    this.checkBaseUrl(dto.type, dto.baseUrl);
    const p = await this.repo.create({
      name: dto.name,
      type: dto.type,
      baseUrl: dto.baseUrl ? dto.baseUrl.replace(/\/+$/, '') : null,
      ...this.sealKey(dto.apiKey),
      headers: this.checkHeaders(dto.headers),
      timeoutMs: dto.timeoutMs ?? this.config.upstream.timeoutMs,
      enabled: dto.enabled ?? true,
    });
    await this.changed();
    return toProviderView(p);
  }

  async update(id: string, dto: UpdateProviderDto): Promise<ProviderView> {
    const current = await this.get(id);
    const type = dto.type ?? current.type;
    const baseUrl = dto.baseUrl !== undefined ? dto.baseUrl : current.baseUrl;
    this.checkBaseUrl(type, baseUrl ?? undefined);
    if (dto.name && dto.name !== current.name && (await this.repo.findByName(dto.name))) throw new ConflictException(`A provider named "${dto.name}" exists`);
    const changes: Partial<Provider> = {
      ...(dto.name !== undefined && { name: dto.name }),
      ...(dto.type !== undefined && { type: dto.type }),
      ...(dto.baseUrl !== undefined && { baseUrl: dto.baseUrl ? dto.baseUrl.replace(/\/+$/, '') : null }),
      ...(dto.apiKey !== undefined && this.sealKey(dto.apiKey)),
      ...(dto.headers !== undefined && { headers: this.checkHeaders(dto.headers) }),
      ...(dto.timeoutMs !== undefined && { timeoutMs: dto.timeoutMs }),
      ...(dto.enabled !== undefined && { enabled: dto.enabled }),
    };
    const p = await this.repo.update(id, changes);
    await this.changed();
    return toProviderView(p!);
  }

  async remove(id: string): Promise<void> {
    await this.get(id);
    if (this.references.isReferenced(id)) throw new ConflictException('This provider is a target of a model: remove it from the models first');
    await this.repo.remove(id);
    await this.changed();
  }

  async health(id: string) {
    const p = await this.get(id);
    const history = (await this.repo.recentChecks(id)).map(toCheckView);
    return { providerId: id, status: p.healthStatus, latest: history[0] ?? null, history };
  }

  /** Record a probe result; publishes only when the status changed. */
  async recordHealth(id: string, status: HealthStatus, latencyMs: number | null, error: string | null): Promise<void> {
    await this.repo.addCheck({ providerId: id, status, latencyMs, error: error?.slice(0, 500) ?? null });
    const p = this.registry.get(id);
    if (p && p.health === status) return;
    await this.repo.update(id, { healthStatus: status });
    if (p) {
      p.health = status;
      if (status === 'up') this.recordSuccess(p);
    }
    await this.changed();
  }

  async models(id: string, refresh: boolean): Promise<ProviderModelsView> {
    const p = await this.get(id);
    const fresh = p.modelsFetchedAt && Date.now() - p.modelsFetchedAt.getTime() < MODELS_CACHE_MS;
    if (!refresh && fresh && p.discoveredModels) {
      return { providerId: id, models: p.discoveredModels, fetchedAt: p.modelsFetchedAt!.toISOString(), cached: true };
    }
    const models = await this.discover(this.mustRuntime(id));
    const fetchedAt = new Date();
    await this.repo.update(id, { discoveredModels: models, modelsFetchedAt: fetchedAt });
    return { providerId: id, models, fetchedAt: fetchedAt.toISOString(), cached: false };
  }

  /** A live round trip: one tiny chat completion (or, without a model, model discovery). */
  async test(id: string, model?: string): Promise<ProviderTestResult> {
    const rt = this.mustRuntime(id);
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const chosen = model ?? this.references.upstreamModels(id)[0] ?? (await this.discover(rt))[0]?.id;
      if (!chosen) return { ok: true, latencyMs: ms() };
      const request = { model: chosen, messages: [{ role: 'user' as const, content: 'ping' }], max_tokens: 1 };
      const res = await rt.transport.fetchText(rt.adapter.chatRequest(rt.config, request, chosen), this.timeouts(rt));
      if (res.statusCode >= 400) return { ok: false, latencyMs: ms(), status: res.statusCode, model: chosen, error: rt.adapter.mapError(res.statusCode, res.text).message };
      return { ok: true, latencyMs: ms(), status: res.statusCode, model: chosen };
    } catch (e) {
      return { ok: false, latencyMs: ms(), error: (e as Error).message };
    }
  }

  /** Fetch the upstream's model list (throws ProviderError on failure). */
  async discover(rt: RuntimeProvider): Promise<DiscoveredModel[]> {
    let res;
    try {
      res = await rt.transport.fetchText(rt.adapter.listModelsRequest(rt.config), this.timeouts(rt));
    } catch (e) {
      throw new ProviderError('connection', `Cannot reach ${rt.name}: ${(e as Error).message}`);
    }
    if (res.statusCode >= 400) throw rt.adapter.mapError(res.statusCode, res.text);
    return rt.adapter.parseModelsResponse(JSON.parse(res.text));
  }

  private timeouts(rt: RuntimeProvider): { headersTimeoutMs: number; bodyTimeoutMs: number } {
    return { headersTimeoutMs: rt.config.timeoutMs, bodyTimeoutMs: rt.config.timeoutMs };
  }

  private mustRuntime(id: string): RuntimeProvider {
    const rt = this.registry.get(id);
    if (!rt) throw new NotFoundException('Provider not found');
    return rt;
  }

  private async changed() {
    await this.reload();
    await this.pubsub.publish(PROVIDERS_CHANGED_CHANNEL, String(Date.now()));
  }

  private sealKey(apiKey?: string | null): Pick<Provider, 'apiKeyEnc' | 'apiKeyMask'> {
    if (!apiKey) return { apiKeyEnc: null, apiKeyMask: null };
    return { apiKeyEnc: this.box.seal(apiKey), apiKeyMask: maskSecret(apiKey) };
  }

  private checkBaseUrl(type: string, baseUrl?: string | null) {
    if (type === 'mock') return;
    if (!baseUrl) throw new BadRequestException([`baseUrl is required for type ${type}`]);
    const allowed = this.config.upstream.allowedHosts;
    const host = new URL(baseUrl).hostname;
    if (allowed && !allowed.some((h) => host === h || (h.startsWith('*.') && host.endsWith(h.slice(1))))) {
      throw new BadRequestException([`baseUrl host ${host} is not in PROVIDER_ALLOWED_HOSTS`]);
    }
    // Link-local and cloud-metadata targets hand out instance credentials: refused unless listed by name.
    if (isMetadataHost(host) && !allowed?.includes(host)) {
      throw new BadRequestException([`baseUrl host ${host} is a link-local or cloud-metadata address; list it in PROVIDER_ALLOWED_HOSTS to allow it`]);
    }
  }

  private checkHeaders(headers?: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers ?? {})) {
      if (!/^[A-Za-z0-9-]{1,100}$/.test(k) || typeof v !== 'string' || v.length > 2000 || /[\r\n]/.test(v)) {
        throw new BadRequestException([`headers.${k} must be a header name with a string value`]);
      }
      out[k.toLowerCase()] = v;
    }
    return out;
  }
}

const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

/**
 * Link-local IPv4 (169.254.0.0/16, where clouds serve instance metadata), link-local IPv6
 * (fe80::/10, and the same IPv4 range mapped into IPv6) and the metadata host names. The URL
 * parser has already brought other spellings (decimal, hex, short forms) to the canonical ones.
 * Loopback and private ranges stay allowed: a local Ollama or vLLM is the common case.
 */
function isMetadataHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (METADATA_NAMES.has(host)) return true;
  if (/^169\.254\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  if (!host.startsWith('[')) return false;
  // The parser writes IPv6 in its shortest form: fe80::/10 leads with fe80–febf, mapped IPv4 as ::ffff:a9fe:….
  return /^\[fe[89ab][0-9a-f]:/.test(host) || /^\[::ffff:a9fe:[0-9a-f]{1,4}\]$/.test(host);
}
