import type { DiscoveredModel, HealthStatus, ProviderType } from '@gateway/contracts';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('providers')
export class Provider {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Index('uq_providers_name', { unique: true }) @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) type: ProviderType;
  @Column({ name: 'base_url', type: 'text', nullable: true }) baseUrl: string | null;
  /** AES-256-GCM ciphertext (`v1:iv:tag:data`, base64 parts). */
  @Column({ name: 'api_key_enc', type: 'text', nullable: true }) apiKeyEnc: string | null;
  /** Masked form for display, computed at write time (`sk-…abcd`). */
  @Column({ name: 'api_key_mask', type: 'text', nullable: true }) apiKeyMask: string | null;
  /** Custom headers; the values of secret-looking ones are masks (the values are in `secretsEnc`). */
  @Column({ type: 'jsonb', default: () => "'{}'" }) headers: Record<string, string>;
  /** AES-256-GCM ciphertext of the secret header values and base-URL credentials (ProviderSecrets, JSON). */
  @Column({ name: 'secrets_enc', type: 'text', nullable: true }) secretsEnc: string | null;
  @Column({ name: 'timeout_ms', type: 'integer', default: 60000 }) timeoutMs: number;
  @Column({ type: 'boolean', default: true }) enabled: boolean;
  @Column({ name: 'health_status', type: 'text', default: 'unknown' }) healthStatus: HealthStatus;
  @Column({ name: 'discovered_models', type: 'jsonb', nullable: true }) discoveredModels: DiscoveredModel[] | null;
  @Column({ name: 'models_fetched_at', type: 'timestamptz', nullable: true }) modelsFetchedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
