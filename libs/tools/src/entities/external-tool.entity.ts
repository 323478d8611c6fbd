import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A page of another service (a control panel, a dashboard) that admins open inside the console. */
@Entity('external_tools')
export class ExternalTool {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) name: string;
  @Index('uq_external_tools_slug', { unique: true }) @Column({ type: 'text' }) slug: string;
  @Column({ type: 'text' }) url: string;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
