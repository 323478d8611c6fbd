import type { ClaimMappingRule, Role, SsoSettingsView, TeamRole, Tier, UpdateSsoSettingsRequest } from '@gateway/contracts';

/** What happens to the stored client secret on save: kept (sent as absent), replaced, or removed (null). */
export type SecretChange = 'keep' | 'replace' | 'remove';

/** A claim mapping rule as the form holds it: '' for "not set". */
export interface RuleForm {
  claim: string;
  value: string;
  role: Role | '';
  tier: Tier | '';
  team: string;
  teamRole: TeamRole | '';
}

export interface MappingForm {
  groupsClaim: string;
  defaultRole: Role | '';
  defaultTier: Tier | '';
  rules: RuleForm[];
}

/** The settings form: lists are typed as text (one per line, or separated by commas or spaces). */
export interface SsoForm {
  enabled: boolean;
  displayName: string;
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  redirectUrl: string;
  postLogoutRedirectUrl: string;
  allowedDomains: string;
  ssoRequired: boolean;
  breakGlassEmails: string;
  trustEmail: boolean;
  mapping: MappingForm;
}

/** Where the identity provider sends the browser back: the redirect URI to register there. */
export const callbackUrl = (origin: string): string => `${origin}/api/v1/auth/oidc/callback`;

export const splitList = (text: string): string[] =>
  text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);

export const emptyRule = (): RuleForm => ({ claim: '', value: '', role: '', tier: '', team: '', teamRole: '' });

const ruleForm = (rule: ClaimMappingRule): RuleForm => ({
  claim: rule.claim ?? '',
  value: rule.value,
  role: rule.role ?? '',
  tier: rule.tier ?? '',
  team: rule.team ?? '',
  teamRole: rule.teamRole ?? '',
});

/** The form's values for saved settings; never-configured ones get the console's own callback URL. */
export function formFromView(view: SsoSettingsView, origin: string): SsoForm {
  return {
    enabled: view.enabled,
    displayName: view.source === 'none' ? '' : view.displayName,
    issuerUrl: view.issuerUrl ?? '',
    clientId: view.clientId ?? '',
    clientSecret: '',
    scopes: view.scopes,
    redirectUrl: view.redirectUrl ?? callbackUrl(origin),
    postLogoutRedirectUrl: view.postLogoutRedirectUrl ?? '',
    allowedDomains: view.allowedDomains.join('\n'),
    ssoRequired: view.ssoRequired,
    breakGlassEmails: view.breakGlassEmails.join('\n'),
    trustEmail: view.trustEmail,
    mapping: {
      groupsClaim: view.claimMapping.groupsClaim,
      defaultRole: view.claimMapping.defaultRole ?? '',
      defaultTier: view.claimMapping.defaultTier ?? '',
      rules: view.claimMapping.rules.map(ruleForm),
    },
  };
}

/** A rule without its unset parts; a team role only goes with a team. */
export function ruleFromForm(r: RuleForm): ClaimMappingRule {
  const rule: ClaimMappingRule = { value: r.value.trim() };
  if (r.claim.trim()) rule.claim = r.claim.trim();
  if (r.role) rule.role = r.role;
  if (r.tier) rule.tier = r.tier;
  if (r.team) {
    rule.team = r.team;
    if (r.teamRole) rule.teamRole = r.teamRole;
  }
  return rule;
}

/** The PUT body: the whole settings, with the secret absent (kept), new, or null (removed). */
export function toRequest(form: SsoForm, secret: SecretChange): UpdateSsoSettingsRequest {
  const body: UpdateSsoSettingsRequest = {
    enabled: form.enabled,
    displayName: form.displayName.trim(),
    issuerUrl: form.issuerUrl.trim(),
    clientId: form.clientId.trim(),
    scopes: form.scopes.trim().replace(/\s+/g, ' '),
    redirectUrl: form.redirectUrl.trim(),
    postLogoutRedirectUrl: form.postLogoutRedirectUrl.trim() || null,
    allowedDomains: splitList(form.allowedDomains),
    ssoRequired: form.ssoRequired,
    breakGlassEmails: splitList(form.breakGlassEmails),
    trustEmail: form.trustEmail,
    claimMapping: {
      groupsClaim: form.mapping.groupsClaim.trim(),
      defaultRole: form.mapping.defaultRole || null,
      defaultTier: form.mapping.defaultTier || null,
      rules: form.mapping.rules.map(ruleFromForm),
    },
  };
  if (secret === 'replace') body.clientSecret = form.clientSecret;
  if (secret === 'remove') body.clientSecret = null;
  return body;
}

/** Saving these values switches "SSO required" on (it was not in force): worth a confirmation. */
export const turnsOnSsoRequired = (saved: SsoSettingsView | null, form: Pick<SsoForm, 'enabled' | 'ssoRequired'>): boolean =>
  form.enabled && form.ssoRequired && !(saved?.enabled && saved.ssoRequired);
