import { usdToMicros } from '@gateway/database';
import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsNumber, IsOptional, IsString, IsUUID } from 'class-validator';
import { Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import type { RequestLogFilter } from '../request-log-sql';
import { endOf, refuseBackwards } from '../usage-source';

const STATUS_MESSAGE = 'status must be ok, error, a class (4xx) or a code (429)';

/** The filters every request log takes; each route adds the ones its reader may use. */
export class RequestLogQueryDto {
  @IsOptional() @IsString() @MaxLength(400) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit = 50;
  @IsOptional() @IsDateString({ strict: true }) from?: string;
  @IsOptional() @IsDateString({ strict: true }) to?: string;
  @IsOptional() @IsUUID() keyId?: string;
  /** A key by id, prefix (`gw-AbCdEfG`) or name (any case): what a person has at hand. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) key?: string;
  @IsOptional() @IsString() @MaxLength(200) model?: string;
  @IsOptional() @Matches(/^(ok|error|[1-5]xx|[1-5]\d\d)$/, { message: STATUS_MESSAGE }) status?: string;
  @IsOptional() @Type(() => Number) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(0) @Max(1e9) minCostUsd?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(2_147_483_647) minLatencyMs?: number;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(200) requestId?: string;
}

/** `GET /requests`: the caller's own, optionally one team's keys (or `none`: personal keys only). */
export class MyRequestLogQueryDto extends RequestLogQueryDto {
  @IsOptional() @ValidateIf((_q: object, v: unknown) => v !== 'none') @IsUUID() teamId?: string;
}

/** `GET /teams/:id/requests`: its owners may narrow to one member. */
export class TeamRequestLogQueryDto extends RequestLogQueryDto {
  @IsOptional() @IsUUID() userId?: string;
  /** A user by email (any case) or id. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(320) user?: string;
}

/** `GET /admin/requests`: everything, including where requests were routed. */
export class AdminRequestLogQueryDto extends MyRequestLogQueryDto {
  @IsOptional() @IsUUID() userId?: string;
  /** A user by email (any case) or id. */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(320) user?: string;
  @IsOptional() @IsString() @MaxLength(200) provider?: string;
  @IsOptional() @IsUUID() providerId?: string;
}

/** The query's filters, with `to` as a bare date meaning its whole day; `from` after `to` is a 400. */
export function requestLogFilter(q: RequestLogQueryDto & Partial<AdminRequestLogQueryDto>): RequestLogFilter {
  refuseBackwards(q.from, q.to);
  return {
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? endOf(q.to) : undefined,
    userId: q.userId,
    user: q.user?.trim() || undefined,
    keyId: q.keyId,
    key: q.key?.trim() || undefined,
    teamId: q.teamId,
    model: q.model,
    provider: q.provider,
    providerId: q.providerId,
    status: q.status,
    minCostMicros: q.minCostUsd === undefined ? undefined : usdToMicros(q.minCostUsd),
    minLatencyMs: q.minLatencyMs,
    requestId: q.requestId,
  };
}
