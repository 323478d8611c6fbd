import { bigintToNumber } from '@gateway/database';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What a key, a user (personal spend) or a team spent on one UTC day: the usage writer adds to it
 * in the statement that writes the usage rows, so a budget's committed spend for any period is a
 * sum of days, consistent with the rows (ids are UUIDs, unique across keys, users and teams).
 */
@Entity('budget_spend')
export class BudgetSpend {
  @PrimaryColumn({ name: 'subject_id', type: 'uuid' }) subjectId: string;
  @PrimaryColumn({ type: 'date' }) day: string;
  @Column({ name: 'spent_micros', type: 'bigint', transformer: bigintToNumber }) spentMicros: number;
}
