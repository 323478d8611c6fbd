import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@gateway/audit';
import type { CreditsView, LedgerEntryType, LedgerEntryView } from '@gateway/contracts';
import { microsToUsd, usdToMicros } from '@gateway/database';
import { And, DataSource, IsNull, LessThan, MoreThanOrEqual } from 'typeorm';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { CREDIT_GATE, CreditGate } from './gate/credit-gate';

/** A billing account: a user's own, or a team's. */
export type Account = { userId: string; teamId?: undefined } | { teamId: string; userId?: undefined };

@Injectable()
export class BillingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CREDIT_GATE) private readonly gate: CreditGate,
    private readonly audit: AuditService,
  ) {}

  /** Add (or, negative, remove) credits: a ledger row and the cached balance in one transaction. */
  async grant(account: Account, amountUsd: number, note: string | undefined, adminId: string): Promise<LedgerEntryView> {
    const micros = usdToMicros(amountUsd);
    if (micros === 0) throw new BadRequestException(['amountUsd must be at least one micro-dollar (0.000001)']);
    const { table, id, name } = accountTable(account);
    const entry = await this.audit.transaction(async ({ em: tx, record }) => {
      const found = await tx.query(`SELECT id FROM ${table} WHERE id = $1 FOR UPDATE`, [id]);
      if (!found.length) throw new NotFoundException(`${name} not found`);
      // A grant that lifts the balance back over its low-balance mark re-arms that alert.
      await tx.query(
        `UPDATE ${table} SET balance_micros = balance_micros + $2,
          low_balance_alerted = low_balance_alerted AND (low_balance_micros IS NULL OR balance_micros + $2 < low_balance_micros) WHERE id = $1`,
        [id, micros],
      );
      const fields = { userId: account.userId ?? null, teamId: account.teamId ?? null };
      const row = tx.create(LedgerEntry, { ...fields, type: micros > 0 ? 'grant' : 'adjustment', amountMicros: micros, note: note ?? null, createdBy: adminId, requestId: null });
      const saved = await tx.save(row);
      const type = account.teamId ? 'team' : 'user';
      record({ action: micros > 0 ? 'credits.grant' : 'credits.adjust', targetType: type, targetId: id, after: { amountMicros: micros, note: saved.note, ledgerEntryId: saved.id } });
      return saved;
    });
    // Account ids are UUIDs, unique across users and teams: one key space in the gate.
    await this.gate.credit(id, micros);
    return toEntryView(entry);
  }

  /** The account's balance and its ledger, newest first (of one type, within [from, to) when given). A user's own account leaves out team entries. */
  async credits(account: Account, page: number, pageSize: number, filter: LedgerFilter = {}): Promise<CreditsView> {
    const { table, id, name } = accountTable(account);
    const [owner] = await this.db.query(`SELECT balance_micros FROM ${table} WHERE id = $1`, [id]);
    if (!owner) throw new NotFoundException(`${name} not found`);
    const when = filter.from && filter.to ? And(MoreThanOrEqual(filter.from), LessThan(filter.to)) : filter.from ? MoreThanOrEqual(filter.from) : filter.to ? LessThan(filter.to) : undefined;
    const [rows, total] = await this.db.getRepository(LedgerEntry).findAndCount({
      where: {
        ...(account.teamId ? { teamId: account.teamId } : { userId: account.userId, teamId: IsNull() }),
        ...(filter.type ? { type: filter.type } : {}),
        ...(when ? { createdAt: when } : {}),
      },
      order: { createdAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { balanceUsd: microsToUsd(Number(owner.balance_micros)), history: rows.map(toEntryView), total, page, pageSize };
  }
}

/** Which entries of an account's ledger: one type, and [from, to). */
export interface LedgerFilter {
  type?: LedgerEntryType;
  from?: Date;
  to?: Date;
}

const accountTable = (account: Account) => (account.teamId ? { table: 'teams', id: account.teamId, name: 'Team' } : { table: 'users', id: account.userId!, name: 'User' });

function toEntryView(e: LedgerEntry): LedgerEntryView {
  return { id: e.id, type: e.type, amountUsd: microsToUsd(e.amountMicros), requestId: e.requestId, note: e.note, createdAt: e.createdAt.toISOString() };
}
