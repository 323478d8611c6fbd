import type { AppConfig } from '@gateway/config';

export const DEFAULT_ADMIN_EMAIL = 'admin@gateway.local';

/** The admin made at first start (ADMIN_EMAIL, else the default). */
export const bootstrapAdminEmail = (config: AppConfig) => (config.auth.adminEmail ?? DEFAULT_ADMIN_EMAIL).toLowerCase();
