import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** How the next ID token is spoiled (see idp-process.mjs). */
export type Tamper = 'audience' | 'expired' | 'unsigned' | 'foreign-key';

export interface TestAccount {
  email: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

/** The test's OpenID Connect provider on 127.0.0.1: a child process running oidc-provider. */
export class TestIdentityProvider {
  readonly clientId = 'gateway';
  readonly clientSecret = 'gateway-client-secret-0123456789';
  issuer = '';
  private child!: ChildProcess;
  private port = 0;

  async start(): Promise<this> {
    this.child = fork(join(__dirname, 'idp-process.mjs'), [], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    // Its development-mode notices (in-memory adapter, default TTLs) are expected here.
    this.child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString().replace(/^oidc-provider (WARNING|NOTICE): .*\n?/gm, '');
      if (text) process.stderr.write(text);
    });
    this.port = (await this.next('listening')).port as number;
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** `conform`: ID tokens carry no email or groups, only the userinfo endpoint does (as many real providers). */
  async configure(redirectUris: string[], postLogoutRedirectUris: string[] = [], conform = false): Promise<void> {
    this.child.send({ type: 'configure', clientId: this.clientId, clientSecret: this.clientSecret, redirectUris, postLogoutRedirectUris, conform });
    this.issuer = (await this.next('ready')).issuer as string;
  }

  account(id: string, claims: TestAccount): void {
    this.child.send({ type: 'account', id, claims: { email_verified: true, ...claims } });
  }

  tamper(mode: Tamper): void {
    this.child.send({ type: 'tamper', mode });
  }

  async close(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill();
    await exited;
  }

  private next(type: string): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const onMessage = (msg: Record<string, unknown>) => {
        if (msg.type !== type) return;
        this.child.off('message', onMessage);
        resolve(msg);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', (code) => reject(new Error(`test identity provider exited (${code})`)));
    });
  }
}
