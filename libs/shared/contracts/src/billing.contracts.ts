export const LEDGER_ENTRY_TYPES = ['grant', 'charge', 'refund', 'adjustment'] as const;
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

/** Exactly one of `userId` and `teamId`: the account credited. */
export interface GrantCreditsRequest {
  userId?: string;
  teamId?: string;
  amountUsd: number;
  note?: string;
}

export interface LedgerEntryView {
  id: string;
  type: LedgerEntryType;
  amountUsd: number;
  requestId: string | null;
  note: string | null;
  createdAt: string;
}

export interface CreditsView {
  balanceUsd: number;
  /** Newest first. */
  history: LedgerEntryView[];
  total: number;
  page: number;
  pageSize: number;
}
