import type { SsoSettingsView } from '@gateway/contracts';
import { callbackUrl, emptyRule, formFromView, ruleFromForm, splitList, toRequest, turnsOnSsoRequired } from './sso-form';

const view = (over: Partial<SsoSettingsView> = {}): SsoSettingsView => ({
  source: 'database',
  enabled: true,
  issuerUrl: 'https://idp.example.com',
  clientId: 'gateway',
  clientSecretSet: true,
  scopes: 'openid email profile groups',
  redirectUrl: 'https://gw.example.com/api/v1/auth/oidc/callback',
  postLogoutRedirectUrl: null,
  displayName: 'Okta',
  claimMapping: {
    groupsClaim: 'groups',
    rules: [{ value: 'llm-admins', role: 'admin' }, { claim: 'realm_access.roles', value: 'sales', team: 'sales', teamRole: 'owner' }],
    defaultRole: 'user',
    defaultTier: null,
  },
  ssoRequired: false,
  allowedDomains: ['example.com', 'corp.example'],
  breakGlassEmails: [],
  trustEmail: false,
  updatedAt: '2025-03-01T10:00:00.000Z',
  ...over,
});

describe('SSO settings form', () => {
  it('round-trips saved settings into the same request, keeping the secret (left out of the body)', () => {
    const form = formFromView(view(), 'https://console.example.com');
    expect(form.allowedDomains).toBe('example.com\ncorp.example');
    expect(form.clientSecret).toBe('');
    const body = toRequest(form, 'keep');
    expect('clientSecret' in body).toBe(false);
    expect(body).toEqual({
      enabled: true,
      displayName: 'Okta',
      issuerUrl: 'https://idp.example.com',
      clientId: 'gateway',
      scopes: 'openid email profile groups',
      redirectUrl: 'https://gw.example.com/api/v1/auth/oidc/callback',
      postLogoutRedirectUrl: null,
      allowedDomains: ['example.com', 'corp.example'],
      ssoRequired: false,
      breakGlassEmails: [],
      trustEmail: false,
      claimMapping: view().claimMapping,
    });
  });

  it('sends a new secret when replaced and null when removed', () => {
    const form = { ...formFromView(view(), 'https://c.example.com'), clientSecret: 's3cret' };
    expect(toRequest(form, 'replace').clientSecret).toBe('s3cret');
    expect(toRequest(form, 'remove').clientSecret).toBeNull();
    expect('clientSecret' in toRequest(form, 'keep')).toBe(false);
  });

  it("offers this console's callback URL for settings never configured", () => {
    const unset = view({ source: 'none', enabled: false, issuerUrl: null, clientId: null, redirectUrl: null, displayName: 'single sign-on' });
    const form = formFromView(unset, 'https://c.example.com');
    expect(form.redirectUrl).toBe('https://c.example.com/api/v1/auth/oidc/callback');
    expect(callbackUrl('https://c.example.com')).toBe(form.redirectUrl);
    expect(form.displayName).toBe('');
  });

  it('splits lists typed one per line, with commas or spaces', () => {
    expect(splitList(' a.example, b.example;c.example\n\nd.example  ')).toEqual(['a.example', 'b.example', 'c.example', 'd.example']);
    expect(splitList('  ')).toEqual([]);
  });

  it('drops the unset parts of a rule, and a team role without a team', () => {
    expect(ruleFromForm({ ...emptyRule(), value: ' staff ' })).toEqual({ value: 'staff' });
    expect(ruleFromForm({ ...emptyRule(), value: 'x', teamRole: 'owner' })).toEqual({ value: 'x' });
    expect(ruleFromForm({ claim: 'hd', value: 'example.com', role: 'user', tier: 'pro', team: 'sales', teamRole: 'owner' })).toEqual({
      claim: 'hd',
      value: 'example.com',
      role: 'user',
      tier: 'pro',
      team: 'sales',
      teamRole: 'owner',
    });
  });

  it('asks for a confirmation only when saving turns "SSO required" on', () => {
    expect(turnsOnSsoRequired(view(), { enabled: true, ssoRequired: true })).toBe(true);
    expect(turnsOnSsoRequired(view({ enabled: false, ssoRequired: true }), { enabled: true, ssoRequired: true })).toBe(true);
    expect(turnsOnSsoRequired(view({ ssoRequired: true }), { enabled: true, ssoRequired: true })).toBe(false);
    expect(turnsOnSsoRequired(view(), { enabled: false, ssoRequired: true })).toBe(false);
    expect(turnsOnSsoRequired(null, { enabled: true, ssoRequired: false })).toBe(false);
  });
});
