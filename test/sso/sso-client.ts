import type { TestIdentityProvider } from './oidc-test-provider';

export interface Step {
  status: number;
  location: string | null;
  body: string;
}

/**
 * A browser's part of an SSO sign-in, driven by fetch: one cookie jar for the gateway and the
 * provider, redirects followed by hand so the test can stop at (or alter) any of them.
 */
export class SsoBrowser {
  private readonly jar = new Map<string, string>();

  constructor(
    private readonly gateway: string,
    private readonly idp: TestIdentityProvider,
  ) {}

  /**
   * From the gateway's login route through the provider's login form (skipped while the provider
   * remembers this browser), up to (not into) the gateway's callback.
   */
  async untilCallback(login: string): Promise<URL> {
    const start = await this.get(`${this.gateway}/api/v1/auth/oidc/login`);
    if (start.status !== 302) throw new Error(`login did not redirect: ${start.status} ${start.body}`);
    let location = start.location!;
    for (let hop = 0; hop < 10; hop++) {
      if (location.startsWith(this.gateway)) return new URL(location);
      const url = new URL(location, this.idp.url).href;
      const step = url.includes('/interaction/') ? await this.request('POST', url, `login=${encodeURIComponent(login)}`) : await this.get(url);
      if (!step.location) throw new Error(`the provider did not send us back: ${step.status} ${step.body}`);
      location = step.location;
    }
    throw new Error('too many redirects');
  }

  get(url: string, headers: Record<string, string> = {}): Promise<Step> {
    return this.request('GET', url, undefined, headers);
  }

  /** The one-time code from the gateway's redirect to the console, or null. */
  static codeFrom(step: Step): string | null {
    const match = /#code=([^&]+)/.exec(step.location ?? '');
    return match ? decodeURIComponent(match[1]) : null;
  }

  private async request(method: string, url: string, body?: string, headers: Record<string, string> = {}): Promise<Step> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...headers },
      body,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attributes] = c.split(';');
      const [name, ...value] = pair.split('=');
      if (attributes.some((a) => /max-age=0/i.test(a.trim())) || /expires=Thu, 01 Jan 1970/i.test(c)) this.jar.delete(name.trim());
      else this.jar.set(name.trim(), value.join('='));
    }
    return { status: res.status, location: res.headers.get('location'), body: await res.text() };
  }
}
