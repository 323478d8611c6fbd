import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { CurrentUser, type AuthUser } from '@gateway/auth-core';
import type { NotificationView, Page } from '@gateway/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DataSource } from 'typeorm';

export class NotificationsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page = 1;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) pageSize = 20;
  /** Only this team's (its owners, and admins). */
  @IsOptional() @IsUUID() teamId?: string;
  /** Admins: everyone's. */
  @IsOptional() @IsIn(['true', 'false']) all?: 'true' | 'false';
}

/**
 * What a caller may see: their own account's events and those of the teams they own; an admin any
 * team's, or all with `all=true`. $1 caller, $2 admin, $3 team filter, $4 all.
 */
const VISIBLE = `
  FROM notifications n
  WHERE ($3::uuid IS NULL OR n.team_id = $3::uuid)
    AND (($2 AND ($4 OR $3::uuid IS NOT NULL)) OR n.user_id = $1
      OR n.team_id IN (SELECT team_id FROM team_members WHERE user_id = $1 AND role = 'owner'))`;

/** Budget and balance events, newest first, as the console's notifications. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  async list(@CurrentUser() user: AuthUser, @Query() q: NotificationsQuery): Promise<Page<NotificationView>> {
    const params = [user.id, user.role === 'admin', q.teamId ?? null, q.all === 'true'];
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total ${VISIBLE}`, params);
    const rows = await this.db.query(
      `SELECT n.id, n.type, n.user_id, n.team_id, n.key_id, n.text, n.data, n.created_at ${VISIBLE} ORDER BY n.created_at DESC, n.id DESC LIMIT $5 OFFSET $6`,
      [...params, q.pageSize, (q.page - 1) * q.pageSize],
    );
    const items = rows.map((r: Record<string, any>) => ({
      id: r.id,
      type: r.type,
      userId: r.user_id,
      teamId: r.team_id,
      keyId: r.key_id,
      text: r.text,
      data: r.data,
      createdAt: new Date(r.created_at).toISOString(),
    }));
    return { items, total, page: q.page, pageSize: q.pageSize };
  }
}
