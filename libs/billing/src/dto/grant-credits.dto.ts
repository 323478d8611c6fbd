import { IsUsdAmount } from '@gateway/database';
import type { GrantCreditsRequest } from '@gateway/contracts';
import { IsOptional, IsString, IsUUID, MaxLength, NotEquals } from 'class-validator';

export class GrantCreditsDto implements GrantCreditsRequest {
  /** Positive to add credits; negative amounts are recorded as an adjustment. */
  @IsUsdAmount(-1e9, 1e9) @NotEquals(0) amountUsd: number;
  @IsOptional() @IsString() @MaxLength(500) note?: string;
  @IsOptional() @IsUUID() userId?: string;
  @IsOptional() @IsUUID() teamId?: string;
}
