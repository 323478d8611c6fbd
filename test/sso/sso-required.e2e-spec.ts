import { api, login, newUser } from '../support/http';
import type { TestApp } from '../support/test-app';
import type { TestIdentityProvider } from './oidc-test-provider';
import { startSso, type ApiClient, type SsoSetup } from './sso-setup';

/**
 * "SSO required": password sign-in and registration refused but for break-glass admins, and
 * password logins already open ended at their next refresh, against a real provider on 127.0.0.1.
 */
describe('single sign-on required', () => {
  let t: TestApp;
  let idp: TestIdentityProvider;
  let admin: ApiClient;
  let sso: SsoSetup;
  const settings = () => sso.settings();
  const signIn = (account: string) => sso.signIn(account);

  beforeAll(async () => {
    sso = await startSso();
    ({ t, idp, admin } = sso);
  }, 60_000);
  afterAll(() => sso?.close());

  it('with SSO required, refuses password sign-in and registration, except for the break-glass admin', async () => {
    const user = await newUser(t.url);
    expect((await admin.put('/api/v1/admin/sso', { ...settings(), ssoRequired: true })).status).toBe(200);
    try {
      const refused = await api(t.url).post('/api/v1/auth/login', { email: user.email, password: user.password });
      expect(refused.status).toBe(403);
      expect(refused.body.message).toBe('Password sign-in is turned off: sign in with Test IdP');
      const failed = (await admin.get('/api/v1/admin/audit?action=auth.login.failed&pageSize=200')).body.items;
      expect(failed.filter((r: any) => r.diff.after?.email === user.email && /SSO required/.test(r.diff.after?.reason))).toHaveLength(1);
      expect((await api(t.url).post('/api/v1/auth/register', { email: 'new@corp.example', password: 'new-password-1' })).status).toBe(403);
      expect((await api(t.url).post('/api/v1/auth/login', { email: t.adminEmail, password: t.adminPassword })).status).toBe(200);
      expect((await api(t.url).get('/api/v1/auth/oidc/config')).body.ssoRequired).toBe(true);
      idp.account('grace', { email: 'grace@corp.example' });
      expect((await signIn('grace')).status).toBe(200);
    } finally {
      await admin.put('/api/v1/admin/sso', settings());
    }
  });

  it('lets a break-glass email sign in with a password only if its account is an admin', async () => {
    const user = await newUser(t.url);
    const opened = await login(t.url, user.email, user.password);
    expect((await admin.put('/api/v1/admin/sso', { ...settings(), ssoRequired: true, breakGlassEmails: [t.adminEmail, user.email] })).status).toBe(200);
    try {
      const refused = await api(t.url).post('/api/v1/auth/login', { email: user.email, password: user.password });
      expect([refused.status, refused.body.message]).toEqual([403, 'Password sign-in is turned off: sign in with Test IdP']);
      const failed = (await admin.get('/api/v1/admin/audit?action=auth.login.failed&pageSize=200')).body.items;
      expect(failed.filter((r: any) => r.targetId === user.id && /not an admin/.test(r.diff.after?.reason))).toHaveLength(1);
      expect((await api(t.url).post('/api/v1/auth/refresh', { refreshToken: opened.refreshToken })).status).toBe(401);
      expect((await api(t.url).post('/api/v1/auth/login', { email: t.adminEmail, password: t.adminPassword })).status).toBe(200);
      // Made an admin, the same email is a way in again.
      await admin.patch(`/api/v1/admin/users/${user.id}`, { role: 'admin' });
      expect((await api(t.url).post('/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(200);
    } finally {
      await admin.put('/api/v1/admin/sso', settings());
    }
  });

  it('ends password logins opened before SSO was required at their next refresh; SSO and break-glass logins go on', async () => {
    const user = await newUser(t.url);
    const opened = await login(t.url, user.email, user.password);
    const breakGlass = await login(t.url, t.adminEmail, t.adminPassword);
    idp.account('heidi', { email: 'heidi@corp.example' });
    const sso = (await signIn('heidi')).session as { refreshToken: string };
    // Before: a password login refreshes as ever.
    const before = await api(t.url).post('/api/v1/auth/refresh', { refreshToken: opened.refreshToken });
    expect(before.status).toBe(200);
    expect((await admin.put('/api/v1/admin/sso', { ...settings(), ssoRequired: true })).status).toBe(200);
    try {
      const refused = await api(t.url).post('/api/v1/auth/refresh', { refreshToken: before.body.refreshToken });
      expect([refused.status, refused.body.message]).toEqual([401, 'Password sign-in is turned off: sign in with Test IdP']);
      const records = (await admin.get('/api/v1/admin/audit?action=auth.refresh.refused&pageSize=50')).body.items;
      // The login's two tokens: the first (used by the refresh before) and the one just refused.
      expect(records.filter((r: any) => r.targetId === user.id)).toEqual([
        expect.objectContaining({ actorUserId: user.id, diff: expect.objectContaining({ after: expect.objectContaining({ tokensRevoked: 2, reason: expect.stringMatching(/SSO required/) }) }) }),
      ]);
      expect((await api(t.url).post('/api/v1/auth/refresh', { refreshToken: sso.refreshToken })).status).toBe(200);
      expect((await api(t.url).post('/api/v1/auth/refresh', { refreshToken: breakGlass.refreshToken })).status).toBe(200);
    } finally {
      await admin.put('/api/v1/admin/sso', settings());
    }
    // The login stays revoked after SSO is no longer required: the user signs in again.
    expect((await api(t.url).post('/api/v1/auth/refresh', { refreshToken: before.body.refreshToken })).status).toBe(401);
    expect((await api(t.url).post('/api/v1/auth/login', { email: user.email, password: user.password })).status).toBe(200);
  });
});
