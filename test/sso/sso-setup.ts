import { api, login } from '../support/http';
import { startTestApp, type TestApp } from '../support/test-app';
import { TestIdentityProvider } from './oidc-test-provider';
import { SsoBrowser } from './sso-client';

export type ApiClient = ReturnType<typeof api>;

/** A gateway with SSO configured against a real provider (oidc-provider) on 127.0.0.1, and a "sales" team to map to. */
export interface SsoSetup {
  t: TestApp;
  idp: TestIdentityProvider;
  admin: ApiClient;
  salesTeamId: string;
  /** The settings saved at the start (send them back to undo a change). */
  settings(): Record<string, unknown> & { clientSecret: string };
  /** A whole sign-in: the provider's login form, the callback, then the console's exchange. */
  signIn(account: string): Promise<{ status: number; body: any; session: any; code?: string }>;
  close(): Promise<void>;
}

export async function startSso(): Promise<SsoSetup> {
  const idp = await new TestIdentityProvider().start();
  const t = await startTestApp();
  await idp.configure([`${t.url}/api/v1/auth/oidc/callback`], [`${t.url}/login`]);
  const admin = api(t.url, (await login(t.url, t.adminEmail, t.adminPassword)).accessToken);
  const salesTeamId = (await admin.post('/api/v1/teams', { name: 'Sales', slug: 'sales' })).body.id;
  const settings = () => ({
    enabled: true,
    issuerUrl: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    redirectUrl: `${t.url}/api/v1/auth/oidc/callback`,
    postLogoutRedirectUrl: `${t.url}/login`,
    displayName: 'Test IdP',
    scopes: 'openid email profile groups',
    claimMapping: {
      groupsClaim: 'groups',
      rules: [
        { value: 'llm-admins', role: 'admin' },
        { value: 'sales', team: 'sales' },
        { value: 'power-users', tier: 'pro' },
      ],
      defaultRole: 'user',
      defaultTier: 'free',
    },
    allowedDomains: ['corp.example'],
  });
  const saved = await admin.put('/api/v1/admin/sso', settings());
  if (saved.status !== 200) throw new Error(`SSO settings: ${saved.status} ${JSON.stringify(saved.body)}`);
  const signIn = async (account: string) => {
    const browser = new SsoBrowser(t.url, idp);
    const callback = await browser.untilCallback(account);
    const step = await browser.get(callback.href);
    const code = SsoBrowser.codeFrom(step);
    if (!code) return { status: step.status, body: step.body, session: null };
    const exchange = await api(t.url).post('/api/v1/auth/oidc/exchange', { code });
    return { status: exchange.status, body: exchange.body, session: exchange.body, code };
  };
  const close = async () => {
    await t.close();
    await idp.close();
  };
  return { t, idp, admin, salesTeamId, settings, signIn, close };
}
