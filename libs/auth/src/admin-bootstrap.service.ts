import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig, generatePassword } from '@gateway/config';
import { UsersRepository } from '@gateway/users';
import { AuthService } from './auth.service';
import { bootstrapAdminEmail } from './default-admin';

/** First start: make sure an admin exists (ADMIN_EMAIL / ADMIN_PASSWORD, or a generated password printed once). */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Admin');
  /** What the startup banner prints. */
  summary = '';

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = bootstrapAdminEmail(this.config);
    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (existing.role !== 'admin') await this.users.update(existing.id, { role: 'admin' });
      this.summary = `admin account: ${email}`;
      return;
    }
    if (!this.config.auth.adminEmail && (await this.users.countAdmins()) > 0) {
      this.summary = 'admin account: (existing)';
      return;
    }
    const password = this.config.auth.adminPassword ?? generatePassword();
    // Replicas starting together race here: one inserts, the others find the row taken (and print no password).
    const created = await this.users.createIfAbsent({ email, name: 'Administrator', role: 'admin', tier: 'enterprise', passwordHash: await this.auth.hashPassword(password) });
    if (!created) {
      this.summary = `admin account: ${email}`;
      return;
    }
    this.summary = this.config.auth.adminPassword
      ? `admin account created: ${email} (password from ADMIN_PASSWORD)`
      : `admin account created: ${email} / ${password}  (generated: shown this once, change it)`;
    this.logger.log(`Created admin ${email}`);
  }
}
