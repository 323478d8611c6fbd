import type { TeamRole } from '@gateway/contracts';
import { User } from '@gateway/users';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Team } from './team.entity';

@Entity('team_members')
@Check('ck_team_members_role', `"role" IN ('owner', 'member')`)
export class TeamMember {
  @PrimaryColumn({ name: 'team_id', type: 'uuid' }) teamId: string;
  @Index('ix_team_members_user') @PrimaryColumn({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) role: TeamRole;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @ManyToOne(() => Team, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'fk_team_members_team' }) team?: Team;
  @ManyToOne(() => User, { onDelete: 'CASCADE' }) @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_team_members_user' }) user?: User;
}
