import type { GrantCreditsRequest } from '@gateway/contracts';
import { IsNumber, IsOptional, IsString, IsUUID, Max, MaxLength, Min, NotEquals } from 'class-validator';

export class GrantCreditsDto implements GrantCreditsRequest {
  /** Positive to add credits; negative amounts are recorded as an adjustment. */
  @IsNumber({ maxDecimalPlaces: 6 }) @Min(-1e9) @Max(1e9) @NotEquals(0) amountUsd: number;
  @IsOptional() @IsString() @MaxLength(500) note?: string;
  @IsUUID() userId: string;
}
