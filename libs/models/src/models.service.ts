import { BadRequestException, ConflictException, Injectable, Logger, NotFoundException, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AuditService } from '@gateway/audit';
import type { AuthUser } from '@gateway/auth-core';
import { PubSubService } from '@gateway/cache';
import type { ModelView, Tier } from '@gateway/contracts';
import { usdToMicros } from '@gateway/database';
import { ProviderReferences, ProvidersService } from '@gateway/providers';
import { In, Repository } from 'typeorm';
import { CreateModelDto, ModelTargetDto } from './dto/create-model.dto';
import { UpdateModelDto } from './dto/update-model.dto';
import { Model, ModelTarget } from './entities/model.entity';
import { applyExtraPrices } from './model-prices';
import { toModelView } from './model-view';

export const MODELS_CHANGED_CHANNEL = 'gw:models-changed';

/** Shadow models: CRUD, and the in-memory name -> model map the gateway routes with. */
@Injectable()
export class ModelsService implements OnModuleInit {
  private readonly logger = new Logger('Models');
  private byName = new Map<string, Model>();
  private loads = 0;

  constructor(
    @InjectRepository(Model) private readonly repo: Repository<Model>,
    private readonly providers: ProvidersService,
    private readonly pubsub: PubSubService,
    private readonly audit: AuditService,
    references: ProviderReferences,
  ) {
    references.register((providerId) => [...this.byName.values()].flatMap((m) => m.targets.filter((t) => t.providerId === providerId).map((t) => t.upstreamModel)));
  }

  async onModuleInit(): Promise<void> {
    await this.pubsub.subscribe(MODELS_CHANGED_CHANNEL, () => void this.reload().catch((e) => this.logger.error(e)));
    this.pubsub.onResync(() => void this.reload().catch((e) => this.logger.error(e)));
    await this.reload();
    setInterval(() => void this.reload().catch(() => undefined), 30_000).unref();
  }

  async reload(): Promise<void> {
    // A slower, older load must not overwrite a newer one (a change races the periodic refresh).
    const load = ++this.loads;
    const rows = await this.repo.find();
    if (load === this.loads) this.byName = new Map(rows.map((m) => [m.name, m]));
  }

  /** Hot path: an enabled model by its public name (a disabled one is as good as unknown). */
  resolve(name: string): Model | undefined {
    const m = this.byName.get(name);
    return m?.enabled ? m : undefined;
  }

  /** Whether this caller (its tier, and its key's allow-list) may use the model. */
  allows(user: AuthUser, model: Model): boolean {
    if (model.tiers.length && !model.tiers.includes(user.tier)) return false;
    const key = user.key;
    if (key?.team?.models.length && !key.team.models.includes(model.name)) return false;
    return !key?.models.length || key.models.includes(model.name);
  }

  /** The models this caller may use, for `GET /v1/models`. */
  usableBy(user: AuthUser): Model[] {
    return [...this.byName.values()].filter((m) => m.enabled && this.allows(user, m)).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The enabled models a user of this tier may call, read from the database (for the console's pickers and price list). */
  async usableByTier(tier: Tier, admin: boolean): Promise<ModelView[]> {
    const rows = await this.repo.find({ order: { name: 'ASC' } });
    return rows.filter((m) => m.enabled && (!m.tiers.length || m.tiers.includes(tier))).map((m) => this.view(m, admin));
  }

  /**
   * Of `names`, those a key's holder of this tier may not use: published models their tier is
   * not among, and, when the key's team has an allow-list, anything outside it. A name that is
   * no model (yet) is the gateway's 404 at request time, not a refusal here.
   */
  async forbiddenFor(tier: Tier, names: string[], teamModels: string[] = []): Promise<string[]> {
    const known = await this.repo.findBy({ name: In(names) });
    const barred = new Set(known.filter((m) => m.tiers.length && !m.tiers.includes(tier)).map((m) => m.name));
    return names.filter((n) => barred.has(n) || (teamModels.length > 0 && !teamModels.includes(n)));
  }

  async list(includeDisabled: boolean): Promise<ModelView[]> {
    const rows = await this.repo.find({ order: { name: 'ASC' } });
    return rows.filter((m) => includeDisabled || m.enabled).map((m) => this.view(m, includeDisabled));
  }

  async get(id: string, includeDisabled: boolean): Promise<ModelView> {
    const m = await this.repo.findOneBy({ id });
    if (!m || (!includeDisabled && !m.enabled)) throw new NotFoundException('Model not found');
    return this.view(m, includeDisabled);
  }

  async create(dto: CreateModelDto): Promise<ModelView> {
    if (await this.repo.findOneBy({ name: dto.name })) throw new ConflictException(`A model named "${dto.name}" exists`);
    const model = this.repo.create({
      name: dto.name,
      description: dto.description ?? null,
      targets: await this.targets(dto.targets),
      inputPriceMicros: usdToMicros(dto.inputPriceUsdPerMTok),
      outputPriceMicros: usdToMicros(dto.outputPriceUsdPerMTok),
      tiers: dto.tiers ?? [],
      enabled: dto.enabled ?? true,
    });
    applyExtraPrices(model, dto);
    const m = await this.audit.transaction(async (tx) => {
      const saved = await tx.em.save(model);
      tx.record({ action: 'model.create', targetType: 'model', targetId: saved.id, after: this.auditShape(saved) });
      return saved;
    });
    await this.changed();
    return this.view(m);
  }

  async update(id: string, dto: UpdateModelDto): Promise<ModelView> {
    const m = await this.repo.findOneBy({ id });
    if (!m) throw new NotFoundException('Model not found');
    if (dto.name && dto.name !== m.name && (await this.repo.findOneBy({ name: dto.name }))) throw new ConflictException(`A model named "${dto.name}" exists`);
    const before = this.auditShape(m);
    if (dto.name !== undefined) m.name = dto.name;
    if (dto.description !== undefined) m.description = dto.description ?? null;
    if (dto.targets !== undefined) m.targets = await this.targets(dto.targets);
    if (dto.inputPriceUsdPerMTok !== undefined) m.inputPriceMicros = usdToMicros(dto.inputPriceUsdPerMTok);
    if (dto.outputPriceUsdPerMTok !== undefined) m.outputPriceMicros = usdToMicros(dto.outputPriceUsdPerMTok);
    applyExtraPrices(m, dto);
    if (dto.tiers !== undefined) m.tiers = dto.tiers;
    if (dto.enabled !== undefined) m.enabled = dto.enabled;
    const saved = await this.audit.transaction(async (tx) => {
      const after = await tx.em.save(m);
      tx.record({ action: 'model.update', targetType: 'model', targetId: id, before, after: this.auditShape(after) });
      return after;
    });
    await this.changed();
    return this.view(saved);
  }

  async remove(id: string): Promise<void> {
    await this.audit.transaction(async (tx) => {
      const m = await tx.em.findOneBy(Model, { id });
      if (!m) throw new NotFoundException('Model not found');
      await tx.em.delete(Model, { id });
      tx.record({ action: 'model.delete', targetType: 'model', targetId: id, before: this.auditShape(m) });
    });
    await this.changed();
  }

  private async targets(input: ModelTargetDto[]): Promise<ModelTarget[]> {
    const targets: ModelTarget[] = [];
    for (const [i, t] of input.entries()) {
      if (!(await this.providers.exists(t.providerId))) throw new BadRequestException([`targets.${i}.providerId does not name a provider`]);
      targets.push({ providerId: t.providerId, upstreamModel: t.upstreamModel, weight: t.weight ?? 1, priority: t.priority ?? 0 });
    }
    return targets;
  }

  /** Only admins see where a model is routed: a shadow model does not reveal its supplier. */
  private view(m: Model, admin = true): ModelView {
    const view = toModelView(m, (id) => this.providers.runtime(id)?.name);
    return admin ? view : { ...view, targets: [] };
  }

  /** What the audit log keeps of a model: its admin view, prices included. */
  private auditShape(m: Model) {
    const { createdAt: _c, updatedAt: _u, ...rest } = this.view(m);
    return rest;
  }

  private async changed() {
    await this.reload();
    await this.pubsub.publish(MODELS_CHANGED_CHANNEL, String(Date.now()));
  }
}
