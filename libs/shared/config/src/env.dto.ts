import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

/** 32 bytes: 64 hex characters, or base64 (43 characters and padding). */
const KEY_32 = '(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?)';
const PROXY_ENTRY = String.raw`(?:loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(?:/\d{1,3})?)`;
/** false | true | a hop count | proxy addresses or CIDRs, comma-separated. */
export const TRUST_PROXY_PATTERN = new RegExp(String.raw`^(?:false|true|\d{1,2}|${PROXY_ENTRY}(?:\s*,\s*${PROXY_ENTRY})*)$`);

/** Every environment variable the gateway reads. `.env.example` documents each one. */
export class EnvDto {
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional() @IsIn(['json', 'pretty']) LOG_FORMAT?: string;

  @IsOptional() @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false }) DATABASE_URL?: string;
  @IsOptional() @IsString() DATA_DIR?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) EMBEDDED_DB_PORT?: number;
  @IsOptional() @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false }) REDIS_URL?: string;
  @IsOptional() @Matches(/^[A-Za-z0-9:_-]{1,40}$/) REDIS_KEY_PREFIX?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(50) @Max(60_000) REDIS_COMMAND_TIMEOUT_MS?: number;
  @IsOptional()
  @Matches(TRUST_PROXY_PATTERN, { message: 'TRUST_PROXY must be false, true, a hop count, or a comma-separated list of proxy addresses/CIDRs (loopback, linklocal, uniquelocal allowed)' })
  TRUST_PROXY?: string;

  @IsOptional() @IsString() @MinLength(32) JWT_SECRET?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(60) JWT_ACCESS_TTL_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(300) JWT_REFRESH_TTL_SECONDS?: number;
  @IsOptional() @Matches(new RegExp(`^${KEY_32}$`), { message: 'ENCRYPTION_KEY must be 32 bytes, as base64 (openssl rand -base64 32) or as 64 hex characters (openssl rand -hex 32)' })
  ENCRYPTION_KEY?: string;
  @IsOptional() @Matches(new RegExp(`^${KEY_32}(,${KEY_32})*$`), { message: 'ENCRYPTION_KEY_PREVIOUS must be comma-separated 32-byte keys, each base64 or 64 hex characters' })
  ENCRYPTION_KEY_PREVIOUS?: string;

  @IsOptional() @IsEmail() ADMIN_EMAIL?: string;
  @IsOptional() @IsString() @MinLength(8) ADMIN_PASSWORD?: string;

  @IsOptional() @IsString() CORS_ORIGINS?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) BODY_LIMIT_BYTES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1000) HTTP_KEEP_ALIVE_TIMEOUT_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) AUTH_THROTTLE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) AUTH_THROTTLE_TTL_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) AUTH_LOGIN_MAX_FAILURES?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(86_400) AUTH_LOGIN_LOCK_MAX_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(64) PASSWORD_HASH_CONCURRENCY?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(0) RPM_FREE?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) RPM_PRO?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) RPM_ENTERPRISE?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) TPM_FREE?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) TPM_PRO?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) TPM_ENTERPRISE?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) UPSTREAM_TIMEOUT_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) @Max(3_600_000) USAGE_FLUSH_INTERVAL_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(60_000) SETTLE_BATCH_MS?: number;
  @IsOptional() @IsString() PROVIDER_ALLOWED_HOSTS?: string;
  @IsOptional() @IsString() METRICS_TOKEN?: string;
  @IsOptional() @IsString() CONSOLE_DIR?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() RUN_MIGRATIONS?: boolean;
  @IsOptional() @Transform(toBool) @IsBoolean() WORKER_IN_PROCESS?: boolean;
  @IsOptional() @IsIn(['api', 'worker']) USAGE_WRITER?: 'api' | 'worker';
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) HEALTH_PROBE_INTERVAL_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(10) AGGREGATE_INTERVAL_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) WORKER_PORT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3_600_000) WEBHOOK_RETRY_BASE_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600) WEBHOOK_SWEEP_INTERVAL_SECONDS?: number;
  @IsOptional() @IsString() WEBHOOK_ALLOWED_HOSTS?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(36_500) AUDIT_RETENTION_DAYS?: number;

  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_tld: false }) OIDC_ISSUER_URL?: string;
  @IsOptional() @IsString() OIDC_CLIENT_ID?: string;
  @IsOptional() @IsString() OIDC_CLIENT_SECRET?: string;
  @IsOptional() @IsString() OIDC_SCOPES?: string;
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_tld: false }) OIDC_REDIRECT_URL?: string;
  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_tld: false }) OIDC_POST_LOGOUT_REDIRECT_URL?: string;
  @IsOptional() @IsString() OIDC_DISPLAY_NAME?: string;
  @IsOptional() @IsString() OIDC_CLAIM_MAPPING?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() OIDC_SSO_REQUIRED?: boolean;
  @IsOptional() @IsString() OIDC_ALLOWED_DOMAINS?: string;
  @IsOptional() @IsString() OIDC_BREAK_GLASS_EMAILS?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() OIDC_TRUST_EMAIL?: boolean;
}
