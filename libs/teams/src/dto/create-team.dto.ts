import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BudgetDto } from '@gateway/billing';
import type { CreateTeamRequest } from '@gateway/contracts';
import { IsUsdAmount } from '@gateway/database';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsObject, IsOptional, IsString, ValidateNested, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsJsonObject } from './is-json-object';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,46}[a-z0-9]$/;
export const SLUG_MESSAGE = 'slug must be 2 to 48 lowercase letters, digits or dashes, starting and ending with a letter or digit';
export const METADATA_MAX_BYTES = 8192;

/** Absent to keep (or default); null only where null means "none" (no team limit). */
export const unlessAbsent = ValidateIf((_dto: object, value: unknown) => value !== undefined);

export class CreateTeamDto implements CreateTeamRequest {
  @ApiPropertyOptional({ description: 'Public model names; empty: every model each member’s tier allows' })
  @unlessAbsent @IsArray() @ArrayMaxSize(200) @ArrayUnique() @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(200, { each: true })
  allowedModels?: string[];
  @ApiPropertyOptional({ description: `JSON object, at most ${METADATA_MAX_BYTES} bytes serialised` })
  @unlessAbsent @IsJsonObject(METADATA_MAX_BYTES)
  metadata?: Record<string, unknown>;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiPropertyOptional({ nullable: true, description: 'Spend limit of all the team’s keys together: {budgetUsd, period: day|week|month|total, alertThresholds?}' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => BudgetDto)
  budget?: BudgetDto | null;
  @ApiPropertyOptional({ nullable: true, description: 'A balance.low event fires when the balance falls below this' })
  @IsOptional() @IsUsdAmount(0, 1e9)
  lowBalanceUsd?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1e7) rpm?: number | null;
  @ApiProperty({ pattern: SLUG_PATTERN.source }) @IsString() @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE }) slug: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) tpm?: number | null;
}
