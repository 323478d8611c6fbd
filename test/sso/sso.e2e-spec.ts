import { Client } from 'pg';
import { api, login, newUser } from '../support/http';
import { startTestApp, TestApp } from '../support/test-app';
import type { TestIdentityProvider, Tamper } from './oidc-test-provider';
import { SsoBrowser } from './sso-client';
import { startSso, type ApiClient, type SsoSetup } from './sso-setup';

/** OpenID Connect sign-in against a real provider (oidc-provider) started by the test on 127.0.0.1. */
describe('single sign-on (OpenID Connect)', () => {
  let t: TestApp;
  let idp: TestIdentityProvider;
  let admin: ApiClient;
  let salesTeamId: string;
  let sso: SsoSetup;
  const settings = () => sso.settings();
  const signIn = (account: string) => sso.signIn(account);

  beforeAll(async () => {
    sso = await startSso();
    ({ t, idp, admin, salesTeamId } = sso);
  }, 60_000);
  afterAll(() => sso?.close());

  it('keeps the client secret sealed and never returns it; the public config names the provider and its logout', async () => {
    const view = await admin.get('/api/v1/admin/sso');
    expect(view.body).toMatchObject({ source: 'database', enabled: true, clientId: 'gateway', clientSecretSet: true, displayName: 'Test IdP' });
    expect(JSON.stringify(view.body)).not.toContain(idp.clientSecret);
    const db = new Client(t.databaseUrl);
    await db.connect();
    try {
      const [row] = (await db.query('SELECT client_secret_sealed FROM sso_settings')).rows;
      expect(row.client_secret_sealed).toMatch(/^v1\./);
      expect(row.client_secret_sealed).not.toContain(idp.clientSecret);
    } finally {
      await db.end();
    }
    // A form sent back without the secret keeps it.
    const { clientSecret: _omitted, ...withoutSecret } = settings();
    expect((await admin.put('/api/v1/admin/sso', withoutSecret)).body.clientSecretSet).toBe(true);

    const config = await api(t.url).get('/api/v1/auth/oidc/config');
    expect(config.body).toMatchObject({ enabled: true, displayName: 'Test IdP', ssoRequired: false });
    const logout = new URL(config.body.logoutUrl);
    expect(`${logout.origin}${logout.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(Object.fromEntries(logout.searchParams)).toEqual({ client_id: 'gateway', post_logout_redirect_uri: `${t.url}/login` });
  });

  it('refuses invalid settings with 400 naming the problem', async () => {
    const bad = await admin.put('/api/v1/admin/sso', { ...settings(), claimMapping: { rules: [{ value: 'x', role: 'root' }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['claimMapping: rules[0].role must be one of admin, user']);
    expect((await admin.put('/api/v1/admin/sso', { ...settings(), issuerUrl: 'not a url' })).status).toBe(400);
  });

  it('creates the user at the first sign-in with the mapped role, tier and team', async () => {
    idp.account('alice', { email: 'Alice@corp.example', name: 'Alice', groups: ['llm-admins', 'sales', 'power-users'] });
    const first = await signIn('alice');
    expect(first.status).toBe(200);
    expect(first.session).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String), user: { email: 'alice@corp.example', role: 'admin', tier: 'pro', name: 'Alice' } });
    // The provider's ID token comes with it, for the end-session link's id_token_hint.
    const idToken = JSON.parse(Buffer.from(String(first.session.idToken).split('.')[1], 'base64url').toString());
    expect(idToken).toMatchObject({ iss: idp.issuer, aud: idp.clientId, email: 'Alice@corp.example' });
    const members = await admin.get(`/api/v1/teams/${salesTeamId}/members`);
    expect(members.body.items).toEqual([expect.objectContaining({ email: 'alice@corp.example', role: 'member' })]);
    // The one-time code is single use.
    const replay = await api(t.url).post('/api/v1/auth/oidc/exchange', { code: first.code });
    expect(replay.status).toBe(400);
    // The session is a normal one: it refreshes, and has no password to sign in with.
    expect((await api(t.url).post('/api/v1/auth/refresh', { refreshToken: first.session.refreshToken })).status).toBe(200);
    expect((await api(t.url).post('/api/v1/auth/login', { email: 'alice@corp.example', password: 'anything-at-all' })).status).toBe(401);
  });

  it('follows a changed group claim at the next sign-in: role, tier and team membership', async () => {
    idp.account('alice', { email: 'alice@corp.example', groups: ['sales'] });
    const second = await signIn('alice');
    expect(second.session.user).toMatchObject({ email: 'alice@corp.example', role: 'user', tier: 'free' });
    idp.account('alice', { email: 'alice@corp.example', groups: [] });
    await signIn('alice');
    expect((await admin.get(`/api/v1/teams/${salesTeamId}/members`)).body.items).toEqual([]);
    expect((await admin.get('/api/v1/admin/users?search=alice@corp.example')).body.total).toBe(1);
  });

  it('reads email and groups from the userinfo endpoint when the ID token carries only the subject', async () => {
    await idp.configure([`${t.url}/api/v1/auth/oidc/callback`], [`${t.url}/login`], true);
    try {
      idp.account('heidi', { email: 'heidi@corp.example', name: 'Heidi', groups: ['llm-admins', 'sales'] });
      const signedIn = await signIn('heidi');
      expect(signedIn.status).toBe(200);
      expect(signedIn.session.user).toMatchObject({ email: 'heidi@corp.example', name: 'Heidi', role: 'admin' });
      expect((await admin.get(`/api/v1/teams/${salesTeamId}/members`)).body.items).toEqual([expect.objectContaining({ email: 'heidi@corp.example' })]);
      await admin.delete(`/api/v1/teams/${salesTeamId}/members/${signedIn.session.user.id}`);
    } finally {
      await idp.configure([`${t.url}/api/v1/auth/oidc/callback`], [`${t.url}/login`]);
    }
  });

  it('links an existing account by its verified email', async () => {
    const carol = await newUser(t.url, 'carol@corp.example');
    idp.account('carol-sub', { email: 'carol@corp.example' });
    const signedIn = await signIn('carol-sub');
    expect(signedIn.session.user.id).toBe(carol.id);
  });

  it('refuses a wrong state, a replayed callback, a replayed code and a callback from another browser, with 400', async () => {
    idp.account('dave', { email: 'dave@corp.example' });
    const browser = new SsoBrowser(t.url, idp);
    const callback = await browser.untilCallback('dave');
    const wrong = new URL(callback);
    wrong.searchParams.set('state', 'not-the-state');
    expect((await browser.get(wrong.href)).status).toBe(400);
    // The wrong state did not use up the real one.
    const ok = await browser.get(callback.href);
    expect(ok.status).toBe(303);
    const replay = await browser.get(callback.href);
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body).message).toMatch(/unknown, expired or already used/);

    // The provider's code again, with a fresh state of ours: the provider refuses it.
    const other = await browser.untilCallback('dave');
    const replayedCode = new URL(other);
    replayedCode.searchParams.set('code', callback.searchParams.get('code')!);
    const refused = await browser.get(replayedCode.href);
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.body).message).toMatch(/identity provider refused the code/);

    const elsewhere = await new SsoBrowser(t.url, idp).untilCallback('dave');
    expect((await new SsoBrowser(t.url, idp).get(elsewhere.href)).status).toBe(400);
    // A browser is sent back to the login page with the reason instead.
    const inBrowser = await new SsoBrowser(t.url, idp).get(elsewhere.href, { accept: 'text/html' });
    expect(inBrowser.status).toBe(303);
    expect(inBrowser.location).toMatch(/^\/login\?ssoError=/);
  });

  it.each<[Tamper, RegExp]>([
    ['audience', /aud/],
    ['expired', /timestamp|exp/],
    ['unsigned', /alg/],
    ['foreign-key', /signature/],
  ])('refuses a spoiled ID token (%s) with 401', async (mode, reason) => {
    idp.account('erin', { email: 'erin@corp.example' });
    const browser = new SsoBrowser(t.url, idp);
    const callback = await browser.untilCallback('erin');
    idp.tamper(mode);
    const res = await browser.get(callback.href);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).message).toMatch(reason);
    expect((await admin.get('/api/v1/admin/users?search=erin@corp.example')).body.total).toBe(0);
  });

  it('enforces the allowed email domains and a verified email', async () => {
    idp.account('mallory', { email: 'mallory@other.example' });
    const outside = await signIn('mallory');
    expect(outside.status).toBe(403);
    expect(JSON.parse(outside.body).message).toMatch(/other\.example may not sign in/);
    idp.account('unverified', { email: 'unverified@corp.example', email_verified: false });
    expect((await signIn('unverified')).status).toBe(403);
  });

  it('refuses a deactivated user', async () => {
    idp.account('frank', { email: 'frank@corp.example' });
    const frank = (await signIn('frank')).session.user;
    expect((await admin.patch(`/api/v1/admin/users/${frank.id}`, { active: false })).status).toBe(200);
    const again = await signIn('frank');
    expect(again.status).toBe(403);
    expect(JSON.parse(again.body).message).toBe('This account is deactivated');
  });

  it('audits sign-ins (refused ones with the reason) and settings changes, never with the client secret', async () => {
    idp.account('gina', { email: 'gina@corp.example' });
    const gina = (await signIn('gina')).session.user;
    const records = async (action: string) => (await admin.get(`/api/v1/admin/audit?action=${action}&pageSize=200`)).body.items;
    expect((await records('auth.login')).filter((r: any) => r.targetId === gina.id && r.diff.after?.method === 'sso')).toHaveLength(1);
    // Created just in time: one record, by the new user, through SSO.
    expect((await records('user.register')).filter((r: any) => r.targetId === gina.id)).toEqual([
      expect.objectContaining({ actorUserId: gina.id, diff: expect.objectContaining({ after: expect.objectContaining({ email: 'gina@corp.example', method: 'sso' }) }) }),
    ]);
    // Linked by email, and role changes that the claims made, name the user and SSO as their source.
    expect((await records('user.sso.link')).some((r: any) => r.diff.after?.email === 'carol@corp.example' && r.diff.detail?.source === 'sso')).toBe(true);
    const alice = (await admin.get('/api/v1/admin/users?search=alice@corp.example')).body.items[0];
    const claimed = (await records('user.update')).filter((r: any) => r.targetId === alice.id);
    expect(claimed.length).toBeGreaterThanOrEqual(1);
    expect(claimed.every((r: any) => r.actorUserId === alice.id && r.diff.detail?.source === 'sso')).toBe(true);
    expect((await records('auth.login.failed')).some((r: any) => r.diff.after?.method === 'sso' && r.diff.after?.email === 'frank@corp.example' && /deactivated/.test(r.diff.after?.reason))).toBe(true);
    const settingsChanges = await records('sso.settings.update');
    expect(settingsChanges.length).toBeGreaterThanOrEqual(1);
    expect(settingsChanges.some((r: any) => r.diff.after?.displayName === 'Test IdP')).toBe(true);
    expect(JSON.stringify(await admin.get('/api/v1/admin/audit.csv'))).not.toContain(idp.clientSecret);
    expect((await admin.get('/api/v1/admin/audit/verify')).body.ok).toBe(true);
  });

  it('answers 404 on the sign-in routes when SSO is off, and reports it off', async () => {
    await admin.put('/api/v1/admin/sso', { ...settings(), enabled: false });
    try {
      expect((await api(t.url).get('/api/v1/auth/oidc/config')).body).toEqual({ enabled: false, displayName: null, ssoRequired: false, logoutUrl: null });
      expect((await api(t.url).get('/api/v1/auth/oidc/login')).status).toBe(404);
      // Not a sign-in attempt: nothing to record.
      const failedBefore = (await admin.get('/api/v1/admin/audit?action=auth.login.failed&pageSize=200')).body.items.length;
      expect((await api(t.url).get('/api/v1/auth/oidc/callback?state=x&code=y')).status).toBe(404);
      expect((await admin.get('/api/v1/admin/audit?action=auth.login.failed&pageSize=200')).body.items.length).toBe(failedBefore);
    } finally {
      await admin.put('/api/v1/admin/sso', settings());
    }
  });

  it('takes its settings from the environment when none were saved', async () => {
    const env = await startTestApp({
      env: { OIDC_ISSUER_URL: idp.issuer, OIDC_CLIENT_ID: 'gateway', OIDC_CLIENT_SECRET: idp.clientSecret, OIDC_REDIRECT_URL: 'http://127.0.0.1:9/cb', OIDC_DISPLAY_NAME: 'Env IdP' },
    });
    try {
      expect((await api(env.url).get('/api/v1/auth/oidc/config')).body).toMatchObject({ enabled: true, displayName: 'Env IdP' });
      const envAdmin = api(env.url, (await login(env.url, env.adminEmail, env.adminPassword)).accessToken);
      const view = (await envAdmin.get('/api/v1/admin/sso')).body;
      expect(view).toMatchObject({ source: 'environment', clientSecretSet: true, redirectUrl: 'http://127.0.0.1:9/cb' });
      expect(JSON.stringify(view)).not.toContain(idp.clientSecret);
      const start = await fetch(`${env.url}/api/v1/auth/oidc/login`, { redirect: 'manual' });
      expect(start.headers.get('location')).toMatch(new RegExp(`^${idp.issuer}/auth\\?.*code_challenge_method=S256`));
    } finally {
      await env.close();
    }
  });
});
