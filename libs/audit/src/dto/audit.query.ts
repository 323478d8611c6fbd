import { Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

/** Filters of the audit listing and its CSV; `action` ending in `*` matches a prefix (`key.*`). */
export class AuditQueryDto {
  @IsOptional() @Matches(/^[a-z0-9_.]{1,64}\*?$/) action?: string;
  /** A user id: records that user did (or did with one of their keys). */
  @IsOptional() @IsUUID() actor?: string;
  @IsOptional() @IsDateString({ strict: true }) from?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page = 1;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) pageSize = 50;
  @IsOptional() @IsString() @MaxLength(200) targetId?: string;
  @IsOptional() @Matches(/^[a-z_]{1,40}$/) targetType?: string;
  @IsOptional() @IsDateString({ strict: true }) to?: string;
}
