import type { TeamRole } from './teams.contracts';
import type { Role, Tier } from './users.contracts';

/**
 * One rule of the claim mapping: when the claim (`claim`, else the mapping's `groupsClaim`)
 * holds `value`, the user gets this role, tier and/or team membership.
 */
export interface ClaimMappingRule {
  claim?: string;
  value: string;
  role?: Role;
  tier?: Tier;
  /** A team's slug. */
  team?: string;
  teamRole?: TeamRole;
}

/** null defaults leave the role or tier as they are when no rule gives one. */
export interface ClaimMapping {
  groupsClaim: string;
  rules: ClaimMappingRule[];
  defaultRole: Role | null;
  defaultTier: Tier | null;
}

/** `GET /api/v1/auth/oidc/config`: what the login page needs. */
export interface SsoPublicConfig {
  enabled: boolean;
  displayName: string | null;
  /** Password sign-in is refused for everyone but the break-glass admins. */
  ssoRequired: boolean;
  /** The provider's end-session URL, to offer after logout (null when it has none). */
  logoutUrl: string | null;
}

export interface SsoSettingsView {
  /** Where the settings in force come from: saved through the API, the OIDC_* environment, or nowhere. */
  source: 'database' | 'environment' | 'none';
  enabled: boolean;
  issuerUrl: string | null;
  clientId: string | null;
  /** The secret is never returned: only whether one is stored. */
  clientSecretSet: boolean;
  scopes: string;
  redirectUrl: string | null;
  postLogoutRedirectUrl: string | null;
  displayName: string;
  claimMapping: ClaimMapping;
  ssoRequired: boolean;
  allowedDomains: string[];
  /** Who may still sign in with a password when SSO is required (empty: the bootstrap admin). */
  breakGlassEmails: string[];
  /** Take the provider's emails as verified even without `email_verified` (e.g. Entra ID). */
  trustEmail: boolean;
  updatedAt: string | null;
}

/** `PUT /api/v1/admin/sso`: the whole settings; `clientSecret` absent keeps the stored one, null removes it. */
export interface UpdateSsoSettingsRequest {
  enabled: boolean;
  issuerUrl: string;
  clientId: string;
  clientSecret?: string | null;
  scopes?: string;
  redirectUrl: string;
  postLogoutRedirectUrl?: string | null;
  displayName: string;
  claimMapping?: ClaimMapping;
  ssoRequired?: boolean;
  allowedDomains?: string[];
  breakGlassEmails?: string[];
  trustEmail?: boolean;
}

export interface OidcExchangeRequest {
  code: string;
}
