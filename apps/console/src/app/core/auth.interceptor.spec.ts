import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { TokenPair, UserView } from '@gateway/contracts';
import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';
import { TokenStorageService } from './token-storage.service';

const user: UserView = { id: 'u1', email: 'a@b.c', name: null, role: 'user', tier: 'free', active: true, createdAt: '2025-01-01T00:00:00Z' };
const pair = (n: number): TokenPair => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900, user });

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let storage: TokenStorageService;
  let router: Router;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    storage = TestBed.inject(TokenStorageService);
    storage.save(pair(1));
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    vi.spyOn(router, 'navigate').mockResolvedValue(true);
  });

  afterEach(() => backend.verify());

  it('sends the access token as a bearer token', () => {
    http.get('/api/v1/keys').subscribe();
    const req = backend.expectOne('/api/v1/keys');
    expect(req.request.headers.get('Authorization')).toBe('Bearer access-1');
    req.flush([]);
  });

  it('leaves other origins alone', () => {
    http.get('https://example.com/data').subscribe();
    const req = backend.expectOne('https://example.com/data');
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush({});
  });

  it('shares one refresh between concurrent 401s, stores the new pair and retries each request', () => {
    const results: unknown[] = [];
    http.get('/api/v1/keys').subscribe((body) => results.push(body));
    http.get('/api/v1/models').subscribe((body) => results.push(body));
    http.get('/api/v1/users/me/credits').subscribe((body) => results.push(body));

    for (const url of ['/api/v1/keys', '/api/v1/models', '/api/v1/users/me/credits']) {
      backend.expectOne(url).flush({ message: 'Unauthorized' }, { status: 401, statusText: 'Unauthorized' });
    }

    const refresh = backend.expectOne('/api/v1/auth/refresh');
    expect(refresh.request.method).toBe('POST');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush(pair(2));

    expect(storage.accessToken()).toBe('access-2');
    expect(storage.refreshToken()).toBe('refresh-2');
    for (const url of ['/api/v1/keys', '/api/v1/models', '/api/v1/users/me/credits']) {
      const retry = backend.expectOne(url);
      expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
      retry.flush({ url });
    }
    expect(results).toHaveLength(3);
    backend.expectNone('/api/v1/auth/refresh');
  });

  it('retries with the already rotated token when a 401 arrives after the refresh finished', () => {
    http.get('/api/v1/keys').subscribe();
    http.get('/api/v1/models').subscribe();
    backend.expectOne('/api/v1/keys').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').flush(pair(2));
    backend.expectOne('/api/v1/keys').flush([]);

    // The second request was sent with the old token and fails only now.
    backend.expectOne('/api/v1/models').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectNone('/api/v1/auth/refresh');
    const retry = backend.expectOne('/api/v1/models');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush([]);
  });

  it('logs out and goes to /login when the refresh fails', () => {
    const errors: number[] = [];
    http.get('/api/v1/keys').subscribe({ error: (err) => errors.push(err.status) });
    http.get('/api/v1/models').subscribe({ error: (err) => errors.push(err.status) });
    backend.expectOne('/api/v1/keys').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/models').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').flush({ message: 'Invalid refresh token' }, { status: 401, statusText: 'Unauthorized' });

    expect(errors).toEqual([401, 401]);
    expect(storage.accessToken()).toBeNull();
    expect(storage.refreshToken()).toBeNull();
    expect(TestBed.inject(AuthService).isLoggedIn()).toBe(false);
    expect(router.navigate).toHaveBeenCalledWith(['/login'], expect.anything());
  });

  it('does not refresh for errors other than 401', () => {
    let status = 0;
    http.get('/api/v1/keys').subscribe({ error: (err) => (status = err.status) });
    backend.expectOne('/api/v1/keys').flush(null, { status: 403, statusText: 'Forbidden' });
    backend.expectNone('/api/v1/auth/refresh');
    expect(status).toBe(403);
  });

  it('passes a 401 through when there is no session to refresh', () => {
    storage.clear();
    let status = 0;
    http.get('/api/v1/keys').subscribe({ error: (err) => (status = err.status) });
    const req = backend.expectOne('/api/v1/keys');
    expect(req.request.headers.has('Authorization')).toBe(false);
    req.flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectNone('/api/v1/auth/refresh');
    expect(status).toBe(401);
  });
});
