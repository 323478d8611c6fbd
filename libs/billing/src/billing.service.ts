import { BadRequestException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreditsView, LedgerEntryView } from '@gateway/contracts';
import { microsToUsd, usdToMicros } from '@gateway/database';
import { DataSource } from 'typeorm';
import { LedgerEntry } from './entities/ledger-entry.entity';
import { CREDIT_GATE, CreditGate } from './gate/credit-gate';

@Injectable()
export class BillingService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CREDIT_GATE) private readonly gate: CreditGate,
  ) {}

  /** Add (or, negative, remove) credits: a ledger row and the cached balance in one transaction. */
  async grant(userId: string, amountUsd: number, note: string | undefined, adminId: string): Promise<LedgerEntryView> {
    const micros = usdToMicros(amountUsd);
    if (micros === 0) throw new BadRequestException(['amountUsd must be at least one micro-dollar (0.000001)']);
    const entry = await this.db.transaction(async (tx) => {
      const found = await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
      if (!found.length) throw new NotFoundException('User not found');
      await tx.query('UPDATE users SET balance_micros = balance_micros + $2 WHERE id = $1', [userId, micros]);
      const row = tx.create(LedgerEntry, { userId, type: micros > 0 ? 'grant' : 'adjustment', amountMicros: micros, note: note ?? null, createdBy: adminId, requestId: null });
      return tx.save(row);
    });
    await this.gate.credit(userId, micros);
    return toEntryView(entry);
  }

  async credits(userId: string, page: number, pageSize: number): Promise<CreditsView> {
    const [user] = await this.db.query('SELECT balance_micros FROM users WHERE id = $1', [userId]);
    const [rows, total] = await this.db.getRepository(LedgerEntry).findAndCount({
      where: { userId },
      order: { createdAt: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { balanceUsd: microsToUsd(Number(user?.balance_micros ?? 0)), history: rows.map(toEntryView), total, page, pageSize };
  }
}

function toEntryView(e: LedgerEntry): LedgerEntryView {
  return { id: e.id, type: e.type, amountUsd: microsToUsd(e.amountMicros), requestId: e.requestId, note: e.note, createdAt: e.createdAt.toISOString() };
}
