import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditService } from '@gateway/audit';
import type { ExternalToolView } from '@gateway/contracts';
import type { CreateToolDto, UpdateToolDto } from './dto/tool.dto';
import { ExternalTool } from './entities/external-tool.entity';

const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';
// Tools change rarely; a replica may serve a changed tool's old address this long.
const LOOKUP_TTL_MS = 5_000;

export const toToolView = (t: ExternalTool): ExternalToolView => {
  const page = new URL(t.url);
  return {
    id: t.id,
    name: t.name,
    slug: t.slug,
    url: t.url,
    frameSrc: `/tools/${t.slug}${page.pathname}${page.search}`,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
};

/** The tools admins registered; changes are audited in their own transaction. */
@Injectable()
export class ToolsService {
  private readonly bySlugCache = new Map<string, { tool: ExternalTool | null; expires: number }>();

  constructor(
    @InjectRepository(ExternalTool) private readonly tools: Repository<ExternalTool>,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ExternalToolView[]> {
    return (await this.tools.find({ order: { name: 'ASC' } })).map(toToolView);
  }

  async create(dto: CreateToolDto): Promise<ExternalToolView> {
    const tool = await this.saving(dto.slug, () =>
      this.audit.transaction(async (tx) => {
        const created = await tx.em.save(tx.em.create(ExternalTool, { name: dto.name, slug: dto.slug, url: dto.url }));
        tx.record({ action: 'tool.create', targetType: 'tool', targetId: created.id, after: toToolView(created) });
        return created;
      }),
    );
    return toToolView(tool);
  }

  async update(id: string, dto: UpdateToolDto): Promise<ExternalToolView> {
    const before = await this.found(id);
    const tool = await this.saving(dto.slug ?? before.slug, () =>
      this.audit.transaction(async (tx) => {
        const saved = await tx.em.save(ExternalTool, { ...before, ...dto });
        tx.record({ action: 'tool.update', targetType: 'tool', targetId: id, before: toToolView(before), after: toToolView(saved) });
        return saved;
      }),
    );
    this.bySlugCache.clear();
    return toToolView(tool);
  }

  async remove(id: string): Promise<void> {
    const before = await this.found(id);
    await this.audit.transaction(async (tx) => {
      await tx.em.delete(ExternalTool, id);
      tx.record({ action: 'tool.delete', targetType: 'tool', targetId: id, before: toToolView(before) });
    });
    this.bySlugCache.clear();
  }

  /** For the proxy: the tool served at `/tools/<slug>/`, from a short cache. */
  async bySlug(slug: string): Promise<ExternalTool | null> {
    const now = Date.now();
    const hit = this.bySlugCache.get(slug);
    if (hit && hit.expires > now) return hit.tool;
    const tool = await this.tools.findOneBy({ slug });
    if (this.bySlugCache.size > 1000) this.bySlugCache.clear();
    this.bySlugCache.set(slug, { tool, expires: now + LOOKUP_TTL_MS });
    return tool;
  }

  private async found(id: string): Promise<ExternalTool> {
    const tool = await this.tools.findOneBy({ id });
    if (!tool) throw new NotFoundException('No such tool');
    return tool;
  }

  private async saving<T>(slug: string, save: () => Promise<T>): Promise<T> {
    try {
      return await save();
    } catch (e) {
      if (isUniqueViolation(e)) throw new ConflictException(`A tool with the slug "${slug}" already exists`);
      throw e;
    }
  }
}
