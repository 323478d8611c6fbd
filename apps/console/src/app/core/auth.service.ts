import { HttpBackend, HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { Router } from '@angular/router';
import type { LoginRequest, RegisterRequest, SsoPublicConfig, TokenPair, UserView } from '@gateway/contracts';
import { finalize, map, Observable, shareReplay, switchMap, tap, throwError } from 'rxjs';
import { TokenStorageService } from './token-storage.service';

export const AUTH_URL = '/api/v1/auth';
/** Where the browser goes to sign in with the identity provider (a full page load, not an XHR). */
export const SSO_LOGIN_URL = `${AUTH_URL}/oidc/login`;
/**
 * Set while the session came from single sign-on, so logout can offer the provider's end-session
 * page: the provider's ID token (its `id_token_hint`), or `1` when the gateway handed none.
 */
const SSO_SESSION = 'gw.sso';
/** The ID token of the SSO session just ended, for the login page's end-session link (this tab only). */
export const SSO_LOGOUT_HINT = 'gw.sso.hint';

@Injectable({ providedIn: 'root' })
export class AuthService {
  /** Bypasses the interceptors: auth calls must never trigger a refresh themselves. */
  private readonly http = new HttpClient(inject(HttpBackend));
  private readonly router = inject(Router);
  private readonly storage = inject(TokenStorageService);
  private refreshInFlight: Observable<TokenPair> | null = null;

  readonly user = signal<UserView | null>(this.storage.refreshToken() ? this.storage.user() : null);
  readonly isLoggedIn = computed(() => this.user() !== null);
  readonly isAdmin = computed(() => this.user()?.role === 'admin');

  accessToken(): string | null {
    return this.storage.accessToken();
  }

  hasRefreshToken(): boolean {
    return this.storage.refreshToken() !== null;
  }

  login(body: LoginRequest): Observable<UserView> {
    return this.http.post<TokenPair>(`${AUTH_URL}/login`, body).pipe(
      tap((pair) => {
        this.store(pair);
        localStorage.removeItem(SSO_SESSION);
      }),
      map((pair) => pair.user),
    );
  }

  register(body: RegisterRequest): Observable<UserView> {
    return this.http
      .post<UserView>(`${AUTH_URL}/register`, body)
      .pipe(switchMap(() => this.login({ email: body.email, password: body.password })));
  }

  ssoConfig(): Observable<SsoPublicConfig> {
    return this.http.get<SsoPublicConfig>(`${AUTH_URL}/oidc/config`);
  }

  /** Trades the one-time code from an SSO sign-in for the usual token pair. */
  exchangeSsoCode(code: string): Observable<UserView> {
    return this.http.post<TokenPair>(`${AUTH_URL}/oidc/exchange`, { code }).pipe(
      tap((pair) => {
        this.store(pair);
        localStorage.setItem(SSO_SESSION, pair.idToken ?? '1');
      }),
      map((pair) => pair.user),
    );
  }

  /** Rotates the token pair. Concurrent callers share the one request in flight. */
  refresh(): Observable<TokenPair> {
    if (this.refreshInFlight) return this.refreshInFlight;
    const refreshToken = this.storage.refreshToken();
    if (!refreshToken) return throwError(() => new Error('No refresh token'));
    this.refreshInFlight = this.http.post<TokenPair>(`${AUTH_URL}/refresh`, { refreshToken }).pipe(
      tap((pair) => this.store(pair)),
      finalize(() => (this.refreshInFlight = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshInFlight;
  }

  updateUser(user: UserView): void {
    this.storage.saveUser(user);
    this.user.set(user);
  }

  /** User-initiated sign-out: tells the server, then forgets the session either way. */
  logout(): void {
    const refreshToken = this.storage.refreshToken();
    if (refreshToken) this.http.post(`${AUTH_URL}/logout`, { refreshToken }).subscribe({ error: () => undefined });
    // The cookie that opens tool pages goes too (the bearer token is attached now, before it is dropped).
    if (this.isAdmin()) this.http.delete('/api/v1/admin/tools/session').subscribe({ error: () => undefined });
    const sso = localStorage.getItem(SSO_SESSION);
    this.endSession(false);
    if (sso === null) return;
    if (sso !== '1') sessionStorage.setItem(SSO_LOGOUT_HINT, sso);
    void this.router.navigate(['/login'], { queryParams: { signedOut: 'sso' } });
  }

  /** Drops the local session and goes to the login page (used when a refresh fails). */
  endSession(keepReturnUrl = true): void {
    this.storage.clear();
    localStorage.removeItem(SSO_SESSION);
    this.user.set(null);
    const returnUrl = this.router.url;
    const queryParams = keepReturnUrl && returnUrl && !returnUrl.startsWith('/login') ? { returnUrl } : {};
    void this.router.navigate(['/login'], { queryParams });
  }

  /** A refresh keeps the session's SSO mark: only a new sign-in sets or clears it. */
  private store(pair: TokenPair): void {
    this.storage.save(pair);
    if (pair.user) this.user.set(pair.user);
  }
}
