import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvDto } from './env.dto';

const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-please-0123456789';
const DEV_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

export type TierName = 'free' | 'pro' | 'enterprise';

/** The gateway's typed configuration, parsed once at boot from the environment. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  /** trustProxy: whose X-Forwarded-For to believe (false: none, the socket's address is the client's). */
  /** keepAliveTimeoutMs: how long an idle client connection stays open (longer than a load balancer's idle timeout). */
  http: { host: string; port: number; bodyLimitBytes: number; keepAliveTimeoutMs: number; corsOrigins: string[] | true; consoleDir: string; trustProxy: boolean | number | string[] };
  logLevel: string;
  /** null: pretty on a terminal, JSON otherwise. */
  logFormat: 'json' | 'pretty' | null;
  database: { url: string | null; dataDir: string; embeddedPort: number; runMigrations: boolean };
  redis: { url: string | null; keyPrefix: string; commandTimeoutMs: number };
  auth: {
    jwtSecret: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    throttleLimit: number;
    throttleTtlSeconds: number;
    /** Failed logins for one account before it is locked out, doubling from 1 s up to loginLockMaxSeconds. */
    loginMaxFailures: number;
    loginLockMaxSeconds: number;
    passwordHashConcurrency: number;
    adminEmail: string | null;
    adminPassword: string | null;
  };
  /** Single sign-on from the environment (null: none there; an admin may still configure it through the API). */
  oidc: OidcEnvConfig | null;
  encryption: { key: Buffer; previousKeys: Buffer[] };
  limits: { rpm: Record<TierName, number>; tpm: Record<TierName, number> };
  upstream: { timeoutMs: number; allowedHosts: string[] | null };
  metrics: { token: string | null };
  /** settleBatchMs: how long settlements wait to be applied in Redis together (journalled locally meanwhile). */
  /**
   * writer: which process drains the usage outbox into PostgreSQL — `api` (every API replica; the
   * only choice without Redis) or `worker` (the worker process, off the API's event loop).
   */
  usage: { flushIntervalMs: number; settleBatchMs: number; writer: 'api' | 'worker' };
  /** Which program this is: the API (`npm start`) or the worker (`npm run start:worker`). */
  role: 'api' | 'worker';
  worker: { inProcess: boolean; port: number; healthProbeIntervalSeconds: number; aggregateIntervalSeconds: number };
  /** retryBaseMs: the first retry's delay, later ones a multiple of it. allowedHosts: names exempt from the private-address rule. */
  webhooks: { retryBaseMs: number; sweepIntervalSeconds: number; allowedHosts: string[] };
  /** retentionDays: audit records older than this are pruned daily; 0 keeps them forever. */
  audit: { retentionDays: number };
  /** Warnings found while parsing (e.g. development defaults in use). */
  warnings: string[];
}

/** OIDC_* variables; claimMapping is the parsed JSON, checked by the auth lib. */
export interface OidcEnvConfig {
  issuerUrl: string;
  clientId: string;
  clientSecret: string | null;
  scopes: string;
  redirectUrl: string;
  postLogoutRedirectUrl: string | null;
  displayName: string;
  claimMapping: unknown;
  ssoRequired: boolean;
  allowedDomains: string[];
  breakGlassEmails: string[];
  trustEmail: boolean;
}

export class ConfigError extends Error {}

const list = (value?: string) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parse and validate the environment; throws one ConfigError naming every bad variable. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const env = plainToInstance(EnvDto, { ...source }, { excludeExtraneousValues: false });
  const problems = validateSync(env, { whitelist: false }).flatMap((e) => Object.values(e.constraints ?? {}).map((m) => `${e.property}: ${m}`));
  const nodeEnv = (env.NODE_ENV ?? 'development') as AppConfig['env'];
  const warnings: string[] = [];
  if (nodeEnv === 'production') {
    if (!env.JWT_SECRET || env.JWT_SECRET === DEV_JWT_SECRET) problems.push('JWT_SECRET: must be set (32+ characters) in production');
    if (!env.ENCRYPTION_KEY || env.ENCRYPTION_KEY === DEV_ENCRYPTION_KEY) problems.push('ENCRYPTION_KEY: must be set in production');
  } else {
    if (!env.JWT_SECRET) warnings.push('JWT_SECRET is not set: using a development default');
    if (!env.ENCRYPTION_KEY) warnings.push('ENCRYPTION_KEY is not set: using a development default');
  }
  const oidc = parseOidc(env, problems);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);

  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const cors = list(env.CORS_ORIGINS);
  return {
    env: nodeEnv,
    http: {
      host: env.HOST ?? '0.0.0.0',
      port: env.PORT ?? 3000,
      bodyLimitBytes: env.BODY_LIMIT_BYTES ?? 5 * 1024 * 1024,
      keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS ?? 72_000,
      corsOrigins: cors.length === 0 || cors.includes('*') ? true : cors,
      consoleDir: resolve(env.CONSOLE_DIR ?? 'dist/console/browser'),
      trustProxy: parseTrustProxy(env.TRUST_PROXY),
    },
    logLevel: env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'),
    logFormat: (env.LOG_FORMAT as 'json' | 'pretty' | undefined) ?? null,
    database: {
      url: env.DATABASE_URL ?? null,
      dataDir,
      embeddedPort: env.EMBEDDED_DB_PORT ?? 0,
      runMigrations: env.RUN_MIGRATIONS ?? true,
    },
    redis: { url: env.REDIS_URL ?? null, keyPrefix: env.REDIS_KEY_PREFIX ?? 'gw:', commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS ?? 1000 },
    auth: {
      jwtSecret: env.JWT_SECRET ?? DEV_JWT_SECRET,
      accessTtlSeconds: env.JWT_ACCESS_TTL_SECONDS ?? 900,
      refreshTtlSeconds: env.JWT_REFRESH_TTL_SECONDS ?? 30 * 24 * 3600,
      throttleLimit: env.AUTH_THROTTLE_LIMIT ?? 10,
      throttleTtlSeconds: env.AUTH_THROTTLE_TTL_SECONDS ?? 60,
      loginMaxFailures: env.AUTH_LOGIN_MAX_FAILURES ?? 5,
      loginLockMaxSeconds: env.AUTH_LOGIN_LOCK_MAX_SECONDS ?? 900,
      passwordHashConcurrency: env.PASSWORD_HASH_CONCURRENCY ?? 2,
      adminEmail: env.ADMIN_EMAIL ?? null,
      adminPassword: env.ADMIN_PASSWORD ?? null,
    },
    oidc,
    encryption: {
      key: keyBytes(env.ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY),
      previousKeys: list(env.ENCRYPTION_KEY_PREVIOUS).map(keyBytes),
    },
    limits: {
      rpm: { free: env.RPM_FREE ?? 60, pro: env.RPM_PRO ?? 600, enterprise: env.RPM_ENTERPRISE ?? 6000 },
      tpm: { free: env.TPM_FREE ?? 100_000, pro: env.TPM_PRO ?? 1_000_000, enterprise: env.TPM_ENTERPRISE ?? 10_000_000 },
    },
    upstream: {
      timeoutMs: env.UPSTREAM_TIMEOUT_MS ?? 60_000,
      allowedHosts: env.PROVIDER_ALLOWED_HOSTS ? list(env.PROVIDER_ALLOWED_HOSTS) : null,
    },
    metrics: { token: env.METRICS_TOKEN ?? null },
    usage: {
      flushIntervalMs: env.USAGE_FLUSH_INTERVAL_MS ?? 200,
      settleBatchMs: env.SETTLE_BATCH_MS ?? 5,
      // With Redis and a separate worker, the worker writes; otherwise each API process does.
      writer: env.REDIS_URL ? (env.USAGE_WRITER ?? ((env.WORKER_IN_PROCESS ?? false) ? 'api' : 'worker')) : 'api',
    },
    role: 'api',
    worker: {
      inProcess: env.WORKER_IN_PROCESS ?? !env.REDIS_URL,
      port: env.WORKER_PORT ?? 3001,
      healthProbeIntervalSeconds: env.HEALTH_PROBE_INTERVAL_SECONDS ?? 60,
      aggregateIntervalSeconds: env.AGGREGATE_INTERVAL_SECONDS ?? 300,
    },
    webhooks: {
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS ?? 10_000,
      sweepIntervalSeconds: env.WEBHOOK_SWEEP_INTERVAL_SECONDS ?? 30,
      allowedHosts: list(env.WEBHOOK_ALLOWED_HOSTS).map((h) => h.toLowerCase()),
    },
    audit: { retentionDays: env.AUDIT_RETENTION_DAYS ?? 365 },
    warnings,
  };
}

function parseOidc(env: EnvDto, problems: string[]): OidcEnvConfig | null {
  if (!env.OIDC_ISSUER_URL) return null;
  if (!env.OIDC_CLIENT_ID) problems.push('OIDC_CLIENT_ID: must be set with OIDC_ISSUER_URL');
  if (!env.OIDC_REDIRECT_URL) problems.push('OIDC_REDIRECT_URL: must be set with OIDC_ISSUER_URL (https://<gateway>/api/v1/auth/oidc/callback)');
  let claimMapping: unknown = null;
  try {
    claimMapping = env.OIDC_CLAIM_MAPPING ? JSON.parse(env.OIDC_CLAIM_MAPPING) : null;
  } catch {
    problems.push('OIDC_CLAIM_MAPPING: must be JSON (see the README, "Single sign-on")');
  }
  return {
    issuerUrl: env.OIDC_ISSUER_URL,
    clientId: env.OIDC_CLIENT_ID ?? '',
    clientSecret: env.OIDC_CLIENT_SECRET || null,
    scopes: env.OIDC_SCOPES ?? 'openid email profile',
    redirectUrl: env.OIDC_REDIRECT_URL ?? '',
    postLogoutRedirectUrl: env.OIDC_POST_LOGOUT_REDIRECT_URL ?? null,
    displayName: env.OIDC_DISPLAY_NAME ?? 'single sign-on',
    claimMapping,
    ssoRequired: env.OIDC_SSO_REQUIRED ?? false,
    allowedDomains: list(env.OIDC_ALLOWED_DOMAINS).map((d) => d.toLowerCase()),
    breakGlassEmails: list(env.OIDC_BREAK_GLASS_EMAILS).map((e) => e.toLowerCase()),
    trustEmail: env.OIDC_TRUST_EMAIL ?? false,
  };
}

/** A 32-byte key given as 64 hex characters or as base64. */
const keyBytes = (key: string) => (/^[0-9a-fA-F]{64}$/.test(key) ? Buffer.from(key, 'hex') : Buffer.from(key, 'base64'));

function parseTrustProxy(value: string | undefined): boolean | number | string[] {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  return list(v);
}

/** A random password for the first admin when none is configured. */
export const generatePassword = () => randomBytes(12).toString('base64url');
