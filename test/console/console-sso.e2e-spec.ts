import type { Browser } from 'playwright-core';
import type { TestApp } from '../support/test-app';
import type { TestIdentityProvider } from '../sso/oidc-test-provider';
import { startSso, type SsoSetup } from '../sso/sso-setup';
import { ConsoleTab, ensureConsoleBuilt, launchChromium, openTab, screenshot } from './console-browser';

/** The console's "Sign in with <provider>" in headless Chromium, against a real OpenID Connect provider. */
describe('console single sign-on (headless Chromium)', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let idp: TestIdentityProvider;
  let browser: Browser;
  let tab: ConsoleTab;
  let sso: SsoSetup;

  beforeAll(async () => {
    ensureConsoleBuilt();
    // The provider, the gateway and SSO settings mapping the group llm-admins to admin.
    sso = await startSso();
    ({ t, idp } = sso);
    idp.account('hana', { email: 'hana@corp.example', name: 'Hana', groups: ['llm-admins'] });
    browser = await launchChromium();
    tab = await openTab(browser, t.url);
  });

  afterAll(async () => {
    await browser?.close();
    await sso?.close();
  });

  afterEach(() => expect(tab?.errors.splice(0) ?? []).toEqual([]));

  it('signs in with the provider from the login page and lands on the dashboard as the mapped role', async () => {
    const { page } = tab;
    await page.goto('/login');
    const button = page.getByRole('link', { name: 'Sign in with Test IdP' });
    await button.waitFor();
    await screenshot(page, '40-login-sso');
    await button.click();
    await page.getByLabel('Username').fill('hana');
    await page.getByRole('button', { name: 'Sign in to Test IdP' }).click();
    await page.waitForURL('**/dashboard');
    await page.getByTestId('current-user').filter({ hasText: 'hana@corp.example' }).waitFor();
    // The one-time code is gone from the address and the history; the admin pages are open to her.
    expect(page.url()).not.toContain('code=');
    await page.goto('/admin/users');
    await page.getByText('hana@corp.example').first().waitFor();
  });

  it('offers the provider’s end-session page after signing out', async () => {
    const { page } = tab;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login?signedOut=sso');
    const link = page.getByRole('link', { name: 'Sign out of Test IdP too' });
    await link.waitFor();
    const href = new URL((await link.getAttribute('href'))!);
    expect(`${href.origin}${href.pathname}`).toBe(`${idp.issuer}/session/end`);
    // The ended session's ID token as the hint (Okta requires one): issued to this client for hana.
    const hint = JSON.parse(Buffer.from(href.searchParams.get('id_token_hint')!.split('.')[1], 'base64url').toString());
    expect(hint).toMatchObject({ aud: idp.clientId, email: 'hana@corp.example' });
    await screenshot(page, '41-signed-out-sso');
    // The provider takes the hint: its sign-out page, not an error.
    const endSession = await page.goto(href.href);
    expect(endSession?.status()).toBe(200);
    expect(await page.content()).not.toMatch(/invalid_request|id_token_hint/i);
  });

  it('shows why a sign-in was refused', async () => {
    const { page } = tab;
    await page.goto('/api/v1/auth/oidc/callback?state=forged&code=forged');
    await page.waitForURL('**/login?ssoError=*');
    await page.getByRole('alert').filter({ hasText: 'unknown, expired or already used' }).waitFor();
  });
});
