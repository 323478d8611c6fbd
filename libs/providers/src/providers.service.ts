import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { AuditService } from '@gateway/audit';
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
import { checkBaseUrl, checkHeaders } from './provider-input';
import { providerAudit, toCheckView, toProviderView } from './provider-view';
import { ProvidersRepository } from './providers.repository';
import { holdsClearSecrets, joinSecrets, NO_SECRETS, splitSecrets, type ProviderSecrets } from './provider-secrets';
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
    private readonly audit: AuditService,
  ) {
    this.box = new SecretBox(config.encryption.key, config.encryption.previousKeys);
  }

  async onModuleInit(): Promise<void> {
    await this.pubsub.subscribe(PROVIDERS_CHANGED_CHANNEL, () => void this.reload().catch((e) => this.logger.error(e)));
    this.pubsub.onResync(() => void this.reload().catch((e) => this.logger.error(e)));
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
      const secrets = await this.secretsOf(p);
      const old = this.registry.get(p.id);
      const adapter = getAdapter(p.type);
      next.set(p.id, {
        id: p.id,
        name: p.name,
        enabled: p.enabled,
        health: p.healthStatus,
        config: toProviderConfig(p, apiKey, secrets, this.config.upstream.timeoutMs),
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

  /**
   * Whether the provider exists: this replica's registry, else the database (created a moment ago
   * on another replica, whose announcement has not arrived yet).
   */
  async exists(id: string): Promise<boolean> {
    return this.registry.has(id) || (await this.repo.findById(id)) !== null;
  }

  async get(id: string): Promise<Provider> {
    const p = await this.repo.findById(id);
    if (!p) throw new NotFoundException('Provider not found');
    return p;
  }

  async create(dto: CreateProviderDto): Promise<ProviderView> {
    if (await this.repo.findByName(dto.name)) throw new ConflictException(`A provider named "${dto.name}" exists`);
    checkBaseUrl(this.config.upstream.allowedHosts, dto.type, dto.baseUrl);
    const fields = {
      name: dto.name,
      type: dto.type,
      ...this.sealSecrets(dto.baseUrl ? dto.baseUrl.replace(/\/+$/, '') : null, checkHeaders(dto.headers), NO_SECRETS),
      ...this.sealKey(dto.apiKey),
      timeoutMs: dto.timeoutMs ?? this.config.upstream.timeoutMs,
      enabled: dto.enabled ?? true,
    };
    const p = await this.audit.transaction(async (tx) => {
      const created = await this.repo.create(fields, tx.em);
      tx.record({ action: 'provider.create', targetType: 'provider', targetId: created.id, after: providerAudit(created) });
      return created;
    });
    await this.changed();
    return toProviderView(p);
  }

  async update(id: string, dto: UpdateProviderDto): Promise<ProviderView> {
    const current = await this.get(id);
    const type = dto.type ?? current.type;
    const baseUrl = dto.baseUrl !== undefined ? dto.baseUrl : current.baseUrl;
    checkBaseUrl(this.config.upstream.allowedHosts, type, baseUrl ?? undefined);
    if (dto.name && dto.name !== current.name && (await this.repo.findByName(dto.name))) throw new ConflictException(`A provider named "${dto.name}" exists`);
    const previous = await this.secretsOf(current);
    const changes: Partial<Provider> = {
      ...(dto.name !== undefined && { name: dto.name }),
      ...(dto.type !== undefined && { type: dto.type }),
      ...((dto.baseUrl !== undefined || dto.headers !== undefined) &&
        this.sealSecrets(
          dto.baseUrl !== undefined ? (dto.baseUrl ? dto.baseUrl.replace(/\/+$/, '') : null) : joinSecrets(current.baseUrl, {}, previous).baseUrl,
          dto.headers !== undefined ? checkHeaders(dto.headers) : joinSecrets(null, current.headers, previous).headers,
          previous,
        )),
      ...(dto.apiKey !== undefined && this.sealKey(dto.apiKey)),
      ...(dto.timeoutMs !== undefined && { timeoutMs: dto.timeoutMs }),
      ...(dto.enabled !== undefined && { enabled: dto.enabled }),
    };
    const p = await this.audit.transaction(async (tx) => {
      const after = (await this.repo.update(id, changes, tx.em))!;
      const replaced = { ...(dto.apiKey !== undefined && { apiKeyReplaced: true }), ...(changes.secretsEnc !== current.secretsEnc && changes.secretsEnc !== undefined && { secretsReplaced: true }) };
      tx.record({ action: 'provider.update', targetType: 'provider', targetId: id, before: providerAudit(current), after: { ...providerAudit(after), ...replaced } });
      return after;
    });
    await this.changed();
    return toProviderView(p);
  }

  async remove(id: string): Promise<void> {
    const current = await this.get(id);
    if (this.references.isReferenced(id)) throw new ConflictException('This provider is a target of a model: remove it from the models first');
    await this.audit.transaction(async (tx) => {
      await this.repo.remove(id, tx.em);
      tx.record({ action: 'provider.delete', targetType: 'provider', targetId: id, before: providerAudit(current) });
    });
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

  /**
   * The sealed secrets of a row. A row written before secrets were sealed (a header value or URL
   * credentials in the clear) is sealed now, once; one under a rotated-out key is re-sealed.
   */
  private async secretsOf(p: Provider): Promise<ProviderSecrets> {
    let secrets = NO_SECRETS;
    try {
      if (p.secretsEnc) secrets = JSON.parse(this.box.open(p.secretsEnc)) as ProviderSecrets;
      if (holdsClearSecrets(p.baseUrl, p.headers)) {
        const sealed = this.sealSecrets(p.baseUrl, p.headers, secrets);
        await this.repo.update(p.id, sealed);
        Object.assign(p, sealed);
        secrets = JSON.parse(this.box.open(sealed.secretsEnc!)) as ProviderSecrets;
      } else if (p.secretsEnc && this.box.isStale(p.secretsEnc)) await this.repo.update(p.id, { secretsEnc: this.box.seal(JSON.stringify(secrets)) });
    } catch (e) {
      this.logger.error(`provider ${p.name}: ${(e as Error).message}`);
    }
    return secrets;
  }

  private sealSecrets(baseUrl: string | null, headers: Record<string, string>, previous: ProviderSecrets): Pick<Provider, 'baseUrl' | 'headers' | 'secretsEnc'> {
    const split = splitSecrets(baseUrl, headers, previous);
    const empty = !split.secrets.urlCredentials && !Object.keys(split.secrets.headers).length;
    return { baseUrl: split.baseUrl, headers: split.headers, secretsEnc: empty ? null : this.box.seal(JSON.stringify(split.secrets)) };
  }

  private sealKey(apiKey?: string | null): Pick<Provider, 'apiKeyEnc' | 'apiKeyMask'> {
    if (!apiKey) return { apiKeyEnc: null, apiKeyMask: null };
    return { apiKeyEnc: this.box.seal(apiKey), apiKeyMask: maskSecret(apiKey) };
  }
}
