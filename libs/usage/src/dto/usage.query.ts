import type { CostsGroupBy, UsageGroupBy } from '@gateway/contracts';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

export class UsageQueryDto {
  @IsOptional() @IsDateString() from?: string;
  @IsOptional() @IsIn(['day', 'model', 'key']) groupBy?: UsageGroupBy;
  @IsOptional() @IsUUID() keyId?: string;
  @IsOptional() @IsString() @MaxLength(200) model?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) page = 1;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) pageSize = 50;
  @IsOptional() @IsDateString() to?: string;
}

export class RangeQueryDto {
  @IsOptional() @IsDateString() from?: string;
  @IsOptional() @IsDateString() to?: string;
}

export class LeaderboardQueryDto extends RangeQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit = 10;
}

export class CostsQueryDto extends RangeQueryDto {
  @IsOptional() @IsIn(['provider', 'model', 'tier', 'day']) groupBy: CostsGroupBy = 'provider';
}
