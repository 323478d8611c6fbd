import type { WebhookEvent } from '@gateway/contracts';
import { Team } from '@gateway/teams';
import { User } from '@gateway/users';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** Where a user's or a team's events are POSTed, signed with a secret only its creator saw. */
@Entity('webhooks')
@Check('ck_webhooks_owner', `("user_id" IS NULL) <> ("team_id" IS NULL)`)
@Check('ck_webhooks_events', `cardinality("events") > 0 AND "events" <@ ARRAY['budget.threshold', 'balance.low']::text[]`)
export class Webhook {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('ix_webhooks_user') @Column({ name: 'user_id', type: 'uuid', nullable: true }) userId: string | null;
  @Index('ix_webhooks_team') @Column({ name: 'team_id', type: 'uuid', nullable: true }) teamId: string | null;
  @Column({ type: 'text' }) url: string;
  @Column({ type: 'text', array: true }) events: WebhookEvent[];
  /** Sealed with ENCRYPTION_KEY (SecretBox). */
  @Column({ name: 'secret_enc', type: 'text' }) secretEnc: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true }) disabledAt: Date | null;
  @ManyToOne(() => User, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_webhooks_user' }) user?: User;
  @ManyToOne(() => Team, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_webhooks_team' }) team?: Team;
}
