import { BadGatewayException, BadRequestException, ForbiddenException, HttpException, Injectable, UnauthorizedException } from '@nestjs/common';
import * as oidc from 'openid-client';
import type { SsoConfig } from './sso-settings.service';

/** What a sign-in keeps server side between the redirect and the callback. */
export interface LoginSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

const DISCOVERY_TTL_MS = 3600_000;
const TIMEOUT_SECONDS = 10;

/**
 * The identity provider through `openid-client`: discovery (cached per issuer and client),
 * the authorization URL, and the code exchange with its checks (state, nonce, PKCE, and the ID
 * token's issuer, audience, expiry and signature against the provider's published keys).
 */
@Injectable()
export class OidcClientService {
  private cached: { key: string; at: number; configuration: Promise<oidc.Configuration> } | null = null;

  newSecrets(): LoginSecrets {
    return { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
  }

  async authorizationUrl(s: SsoConfig, secrets: LoginSecrets): Promise<string> {
    const configuration = await this.configuration(s);
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: s.redirectUrl,
      scope: s.scopes,
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
    });
    return url.href;
  }

  /**
   * Redeem the code in `callbackUrl`: the validated ID token's claims, completed from the userinfo
   * endpoint when some of `wanted` are missing; or a 4xx (502 when the provider is unreachable).
   */
  async claims(s: SsoConfig, callbackUrl: URL, secrets: LoginSecrets, wanted: string[] = []): Promise<{ claims: Record<string, unknown>; idToken: string }> {
    const configuration = await this.configuration(s);
    try {
      const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: secrets.codeVerifier,
        expectedState: secrets.state,
        expectedNonce: secrets.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims || !tokens.id_token) throw new UnauthorizedException('The identity provider sent no ID token');
      return { claims: await completed(configuration, tokens.access_token, claims, wanted), idToken: tokens.id_token };
    } catch (e) {
      throw refusal(e);
    }
  }

  /** The provider's end-session URL for this client, or null when it publishes none. */
  async logoutUrl(s: SsoConfig): Promise<string | null> {
    const configuration = await this.configuration(s);
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    const params: Record<string, string> = s.postLogoutRedirectUrl ? { post_logout_redirect_uri: s.postLogoutRedirectUrl } : {};
    return oidc.buildEndSessionUrl(configuration, params).href;
  }

  private async configuration(s: SsoConfig): Promise<oidc.Configuration> {
    const key = JSON.stringify([s.issuerUrl, s.clientId, s.clientSecret]);
    if (!this.cached || this.cached.key !== key || Date.now() - this.cached.at > DISCOVERY_TTL_MS) {
      const configuration = this.discover(s);
      this.cached = { key, at: Date.now(), configuration };
      // A failed discovery is not kept: the next sign-in tries again.
      configuration.catch(() => (this.cached?.configuration === configuration ? (this.cached = null) : undefined));
    }
    try {
      return await this.cached.configuration;
    } catch (e) {
      throw new BadGatewayException(`Could not reach the identity provider at ${s.issuerUrl}: ${(e as Error).message}`);
    }
  }

  private async discover(s: SsoConfig): Promise<oidc.Configuration> {
    const auth = s.clientSecret ? oidc.ClientSecretBasic(s.clientSecret) : oidc.None();
    const insecure = new URL(s.issuerUrl).protocol === 'http:';
    const configuration = await oidc.discovery(new URL(s.issuerUrl), s.clientId, undefined, auth, {
      timeout: TIMEOUT_SECONDS,
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
    // Check the ID token's signature against the provider's keys too, not only the TLS channel it came over.
    oidc.enableNonRepudiationChecks(configuration);
    return configuration;
  }
}

/**
 * Providers that follow the spec to the letter (and Okta, Keycloak or Entra as often configured)
 * put email and groups in the userinfo answer only, not in the ID token of a code flow. The ID
 * token's own claims win; userinfo only fills what it lacks (the library checks its `sub`).
 */
async function completed(configuration: oidc.Configuration, accessToken: string, claims: oidc.IDToken, wanted: string[]): Promise<Record<string, unknown>> {
  const fromToken = claims as Record<string, unknown>;
  const lacking = wanted.some((name) => fromToken[name] === undefined);
  if (!lacking || !configuration.serverMetadata().userinfo_endpoint || !accessToken) return fromToken;
  const info = await oidc.fetchUserInfo(configuration, accessToken, claims.sub);
  return { ...info, ...fromToken };
}

/** The library's errors as answers: the provider said no (400/403), its answer failed a check (401), or it is unreachable (502). */
function refusal(e: unknown): HttpException {
  if (e instanceof HttpException) return e;
  if (e instanceof oidc.AuthorizationResponseError) {
    const message = `The identity provider refused the sign-in: ${e.error_description ?? e.error}`;
    return e.error === 'access_denied' ? new ForbiddenException(message) : new BadRequestException(message);
  }
  if (e instanceof oidc.ResponseBodyError) return new BadRequestException(`The identity provider refused the code: ${e.error_description ?? e.error}`);
  if (e instanceof oidc.ClientError) {
    const detail = e.cause instanceof Error && e.cause.message !== e.message ? ` (${e.cause.message})` : '';
    return new UnauthorizedException(`The identity provider's answer was refused: ${e.message}${detail}`);
  }
  return new BadGatewayException(`Could not complete the sign-in with the identity provider: ${(e as Error).message}`);
}
