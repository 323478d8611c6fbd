import type { HealthStatus } from '@gateway/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('provider_health_checks')
@Index('ix_provider_health_checks_provider_time', ['providerId', 'checkedAt'])
export class ProviderHealthCheck {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'provider_id', type: 'uuid' }) providerId: string;
  @Column({ type: 'text' }) status: HealthStatus;
  @Column({ name: 'latency_ms', type: 'integer', nullable: true }) latencyMs: number | null;
  @Column({ type: 'text', nullable: true }) error: string | null;
  @CreateDateColumn({ name: 'checked_at', type: 'timestamptz' }) checkedAt: Date;
}
