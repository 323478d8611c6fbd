import { ApiPropertyOptional } from '@nestjs/swagger';
import { BudgetDto } from '@gateway/billing';
import type { UpdateTeamRequest } from '@gateway/contracts';
import { IsUsdAmount } from '@gateway/database';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsObject, IsOptional, IsString, ValidateNested, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { METADATA_MAX_BYTES, SLUG_MESSAGE, SLUG_PATTERN, unlessAbsent } from './create-team.dto';
import { IsJsonObject } from './is-json-object';

/** Absent to keep; null clears rpm and tpm (no team limit) and is refused elsewhere. */
export class UpdateTeamDto implements UpdateTeamRequest {
  @ApiPropertyOptional()
  @unlessAbsent @IsArray() @ArrayMaxSize(200) @ArrayUnique() @IsString({ each: true }) @MinLength(1, { each: true }) @MaxLength(200, { each: true })
  allowedModels?: string[];
  @ApiPropertyOptional() @unlessAbsent @IsJsonObject(METADATA_MAX_BYTES) metadata?: Record<string, unknown>;
  @ApiPropertyOptional() @unlessAbsent @IsString() @MinLength(1) @MaxLength(100) name?: string;
  @ApiPropertyOptional({ nullable: true, description: 'Admins only' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1e7) rpm?: number | null;
  @ApiPropertyOptional({ description: 'Admins only' }) @unlessAbsent @IsString() @Matches(SLUG_PATTERN, { message: SLUG_MESSAGE }) slug?: string;
  @ApiPropertyOptional({ nullable: true, description: 'Admins only' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2_147_483_647) tpm?: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'Owners and admins; null removes it' })
  @IsOptional() @IsObject() @ValidateNested() @Type(() => BudgetDto)
  budget?: BudgetDto | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsUsdAmount(0, 1e9) lowBalanceUsd?: number | null;
}
