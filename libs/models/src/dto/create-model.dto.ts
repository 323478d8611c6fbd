import { IsUsdAmount } from '@gateway/database';
import { TIERS, type CreateModelRequest, type Tier } from '@gateway/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

export class ModelTargetDto {
  @IsUUID() providerId: string;
  @IsOptional() @IsInt() @Min(0) @Max(1000) priority?: number;
  @IsString() @MinLength(1) @MaxLength(200) upstreamModel: string;
  @IsOptional() @IsNumber() @Min(0) @Max(10_000) weight?: number;
}

export class CreateModelDto implements CreateModelRequest {
  @IsOptional() @IsString() @MaxLength(1000) description?: string;
  @IsOptional() @IsBoolean() enabled?: boolean;
  @IsUsdAmount(0, 100_000) inputPriceUsdPerMTok: number;
  @IsString() @MinLength(1) @MaxLength(200) @Matches(/^[A-Za-z0-9._:/@-]+$/, { message: 'name may hold letters, digits and . _ : / @ -' }) name: string;
  @IsUsdAmount(0, 100_000) outputPriceUsdPerMTok: number;
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ModelTargetDto) targets: ModelTargetDto[];
  @IsOptional() @IsArray() @IsIn(TIERS, { each: true }) tiers?: Tier[];
}
