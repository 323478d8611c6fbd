import { BadRequestException } from '@nestjs/common';
import { LEDGER_ENTRY_TYPES, type LedgerEntryType } from '@gateway/contracts';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

const DAY_MS = 86_400_000;

export class CreditsQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000) page = 1;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) pageSize = 50;
  @IsOptional() @IsIn(LEDGER_ENTRY_TYPES) type?: LedgerEntryType;
  /** Entries at or after; a bare date is its start (UTC). */
  @IsOptional() @IsDateString({ strict: true }) from?: string;
  /** Entries before; a bare date includes that whole day (UTC). */
  @IsOptional() @IsDateString({ strict: true }) to?: string;
}

/** The ledger filter of a query: from/to as instants, refused (400) when `from` is after `to`. */
export function ledgerFilter(q: CreditsQuery): { type?: LedgerEntryType; from?: Date; to?: Date } {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? (/^\d{4}-\d{2}-\d{2}$/.test(q.to) ? new Date(new Date(q.to).getTime() + DAY_MS) : new Date(q.to)) : undefined;
  if (from && to && from > to) throw new BadRequestException(['from must be before to']);
  return { type: q.type, from, to };
}
