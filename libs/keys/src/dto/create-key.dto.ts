import { IsUsdAmount } from '@gateway/database';
import type { CreateKeyRequest } from '@gateway/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsInt, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';

export class CreateKeyDto implements CreateKeyRequest {
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsUrl({ require_tld: false, require_protocol: true }, { each: true }) allowedOrigins?: string[];
  @IsOptional() @IsDateString() expiresAt?: string | null;
  @IsOptional() @IsArray() @ArrayMaxSize(200) @IsString({ each: true }) @MaxLength(200, { each: true }) models?: string[];
  @IsString() @MinLength(1) @MaxLength(100) name: string;
  @IsOptional() @IsUsdAmount(0, 1e9) quotaUsd?: number | null;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1e7) rpm?: number | null;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) tpm?: number | null;
  @IsOptional() @IsUUID() userId?: string;
}
