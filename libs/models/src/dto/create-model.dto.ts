import { IsUsdAmount } from '@gateway/database';
import { TIERS, type CreateModelRequest, type Tier } from '@gateway/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateNested,
} from 'class-validator';

const MAX_PRICE = 100_000;
const MAX_THRESHOLD = 1_000_000_000;
const PRICE_DOC = { type: Number, minimum: 0, maximum: MAX_PRICE };

/** An optional price in USD per million tokens; null clears it. */
const NullablePrice =
  (description: string): PropertyDecorator =>
  (target, key) => {
    ApiPropertyOptional({ ...PRICE_DOC, nullable: true, description })(target, key);
    IsOptional()(target, key);
    IsUsdAmount(0, MAX_PRICE)(target, String(key));
  };

/** One message for every way a threshold can be wrong (not one per failed rule). */
const IsTokenThreshold = () =>
  ValidateBy({
    name: 'isTokenThreshold',
    validator: {
      validate: (v) => Number.isInteger(v) && v >= 1 && v <= MAX_THRESHOLD,
      defaultMessage: (args) => `${args?.property} must be a whole number of tokens from 1 to ${MAX_THRESHOLD}`,
    },
  });

export class ModelTargetDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() providerId: string;
  @ApiPropertyOptional({ description: 'Lower is tried first', default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  priority?: number;
  @ApiProperty({ description: "The provider's model name" }) @IsString() @MinLength(1) @MaxLength(200) upstreamModel: string;
  @ApiPropertyOptional({ description: 'Relative share within a priority', default: 1 })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(10_000)
  weight?: number;
}

export class CreateModelDto implements CreateModelRequest {
  @NullablePrice('Cache reads; null: the input price') cacheReadPriceUsdPerMTok?: number | null;
  @NullablePrice('One-hour cache writes; null: the cache-write price') cacheWrite1hPriceUsdPerMTok?: number | null;
  @NullablePrice('Five-minute cache writes; null: the input price') cacheWritePriceUsdPerMTok?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) description?: string;
  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;
  @ApiProperty({ ...PRICE_DOC, description: 'USD per million input tokens' }) @IsUsdAmount(0, MAX_PRICE) inputPriceUsdPerMTok: number;
  @NullablePrice('Input above the threshold; null: the input price') longContextInputPriceUsdPerMTok?: number | null;
  @NullablePrice('Output when the input is above the threshold; null: the output price') longContextOutputPriceUsdPerMTok?: number | null;
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: MAX_THRESHOLD,
    nullable: true,
    description: 'Above this many input tokens the whole request pays the long-context prices; needs one of them',
  })
  @IsOptional()
  @IsTokenThreshold()
  longContextThresholdTokens?: number | null;
  @ApiProperty({ example: 'gpt-4o-mini' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9._:/@-]+$/, { message: 'name may hold letters, digits and . _ : / @ -' })
  name: string;
  @ApiProperty({ ...PRICE_DOC, description: 'USD per million output tokens' }) @IsUsdAmount(0, MAX_PRICE) outputPriceUsdPerMTok: number;
  @ApiProperty({ type: [ModelTargetDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ModelTargetDto)
  targets: ModelTargetDto[];
  @ApiPropertyOptional({ enum: TIERS, isArray: true, description: 'Empty: every tier' })
  @IsOptional()
  @IsArray()
  @IsIn(TIERS, { each: true })
  tiers?: Tier[];
}
