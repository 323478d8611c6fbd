import type { LedgerEntryView } from './billing.contracts';
import type { UsageRowView } from './usage.contracts';

/**
 * `ok`: answered without error; `error`: an HTTP error or a failure after the answer started
 * (a stream cut short); `2xx` … `5xx`: a status class; or one status code (`429`).
 */
export type RequestStatusFilter = 'ok' | 'error' | '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | `${number}`;

/**
 * Filters of the request log (`GET /api/v1/requests`, `/api/v1/teams/:id/requests`,
 * `/api/v1/admin/requests`). A bare date as `to` includes that whole day (UTC); `from` after
 * `to`, a bad cursor or an unknown filter is a 400.
 */
export interface RequestLogQuery {
  /** The `nextCursor` of the previous page; absent: the newest requests. */
  cursor?: string;
  /** 1–500, default 50. */
  limit?: number;
  from?: string;
  to?: string;
  keyId?: string;
  model?: string;
  status?: RequestStatusFilter;
  /** Requests that cost at least this much. */
  minCostUsd?: number;
  minLatencyMs?: number;
  requestId?: string;
  /** Mine only: a team's id, or `none` for requests made with personal keys. Admins: any team's id, or `none`. */
  teamId?: string;
  /** Team owners (within their team) and admins. */
  userId?: string;
  /** Admins only: the provider's name as recorded, or its id. */
  provider?: string;
  providerId?: string;
}

/**
 * One gateway request as the log lists it. As everywhere, `provider` and `upstreamModel` are
 * null for non-admins (and the provider's name is blanked out of `error`).
 */
export interface RequestLogRowView extends UsageRowView {
  /** Null when the user has been deleted. */
  userEmail: string | null;
  teamName: string | null;
}

/** Newest first, ordered by (time, request id); `nextCursor` is null on the last page. */
export interface RequestLogPage {
  items: RequestLogRowView[];
  nextCursor: string | null;
}

/** A ledger entry a request made, with the account it moved (the team's for a team key, else the user's). */
export interface RequestChargeView extends LedgerEntryView {
  userId: string | null;
  teamId: string | null;
}

/** `GET /api/v1/requests/:requestId`: everything recorded about one request, and what the ledger charged for it. */
export interface RequestDetailView extends RequestLogRowView {
  /** Upstream attempts made (more than one: failover). */
  attempts: number;
  /** The user's tier when the request was made. */
  userTier: string | null;
  /** Admins only (null for others). */
  providerId: string | null;
  /** Empty when the request cost nothing. */
  charges: RequestChargeView[];
}
