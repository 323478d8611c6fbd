import type { AggregateUsageRequest } from '@gateway/contracts';
import { IsOptional, IsUUID, Matches } from 'class-validator';

export class AggregateUsageDto implements AggregateUsageRequest {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a day (YYYY-MM-DD)' }) from: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a day (YYYY-MM-DD)' }) to: string;
}

export class ProbeProvidersDto {
  @IsOptional() @IsUUID() providerId?: string;
}
