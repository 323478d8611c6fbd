import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { OidcLoginCode } from './entities/oidc-login-code.entity';
import { OidcLoginState } from './entities/oidc-login-state.entity';

/** Sign-ins in flight and one-time codes: each row is taken (deleted and returned) at most once. */
@Injectable()
export class OidcLoginsRepository {
  constructor(
    @InjectRepository(OidcLoginState) private readonly states: Repository<OidcLoginState>,
    @InjectRepository(OidcLoginCode) private readonly codes: Repository<OidcLoginCode>,
  ) {}

  async saveState(fields: Omit<OidcLoginState, 'createdAt'>): Promise<void> {
    await this.states.insert(fields);
  }

  async takeState(stateHash: string): Promise<OidcLoginState | null> {
    const row = await this.take(this.states, 'state_hash', stateHash);
    return row && { stateHash, browserHash: row.browser_hash, nonce: row.nonce, codeVerifier: row.code_verifier, expiresAt: row.expires_at, createdAt: row.created_at };
  }

  async saveCode(fields: Omit<OidcLoginCode, 'createdAt'>): Promise<void> {
    await this.codes.insert(fields);
  }

  async takeCode(codeHash: string): Promise<OidcLoginCode | null> {
    const row = await this.take(this.codes, 'code_hash', codeHash);
    return row && { codeHash, userId: row.user_id, idToken: row.id_token, expiresAt: row.expires_at, createdAt: row.created_at };
  }

  /** Forget what expired (abandoned sign-ins, codes never exchanged). */
  async prune(now = new Date()): Promise<void> {
    await this.states.delete({ expiresAt: LessThan(now) });
    await this.codes.delete({ expiresAt: LessThan(now) });
  }

  // DELETE … RETURNING: of two requests presenting the same value, only one gets the row.
  private async take(repo: Repository<object>, column: string, value: string): Promise<Record<string, any> | null> {
    const result = await repo.createQueryBuilder().delete().where(`${column} = :value`, { value }).returning('*').execute();
    return (result.raw as Record<string, any>[])[0] ?? null;
  }
}
