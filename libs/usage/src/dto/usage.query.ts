import type { CostsGroupBy, UsageGroupBy } from '@gateway/contracts';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';

export class UsageQueryDto {
  @IsOptional() @IsDateString({ strict: true }) from?: string;
  @IsOptional() @IsIn(['day', 'model', 'key', 'team']) groupBy?: UsageGroupBy;
  @IsOptional() @IsUUID() keyId?: string;
  /** A team's id, or `none`: the caller's personal spend only (no team key). */
  @IsOptional() @ValidateIf((_q: object, v: unknown) => v !== 'none') @IsUUID() teamId?: string;
  @IsOptional() @IsString() @MaxLength(200) model?: string;
  /** Bounded so that the row offset stays a safe integer (a page past the data is simply empty). */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page = 1;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) pageSize = 50;
  @IsOptional() @IsDateString({ strict: true }) to?: string;
}

export class RangeQueryDto {
  @IsOptional() @IsDateString({ strict: true }) from?: string;
  @IsOptional() @IsDateString({ strict: true }) to?: string;
}

export class LeaderboardQueryDto extends RangeQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit = 10;
  /** `team`: teams by their keys' spend. */
  @IsOptional() @IsIn(['user', 'team']) groupBy: 'user' | 'team' = 'user';
}

export class CostsQueryDto extends RangeQueryDto {
  @IsOptional() @IsIn(['provider', 'model', 'tier', 'day', 'team']) groupBy: CostsGroupBy = 'provider';
}
