import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { TokenPair } from '@gateway/contracts';
import { AuthorizedFetchService } from './authorized-fetch.service';
import { TokenStorageService } from './token-storage.service';

const pair = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900 }) as TokenPair;
const bearer = (init: RequestInit | undefined) => new Headers(init?.headers).get('Authorization');

describe('AuthorizedFetchService (streams)', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  let backend: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()] });
    TestBed.inject(TokenStorageService).save(pair(1));
    backend = TestBed.inject(HttpTestingController);
    vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => vi.unstubAllGlobals());

  it('sends the JWT and, on a 401, refreshes once and retries with the new token', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 401 })).mockResolvedValueOnce(new Response('ok', { status: 200 }));
    const result = TestBed.inject(AuthorizedFetchService).fetch('/v1/chat/completions', { method: 'POST', body: '{}' });
    await vi.waitFor(() => backend.expectOne('/api/v1/auth/refresh').flush(pair(2)));
    const res = await result;
    expect(res.status).toBe(200);
    expect(bearer(fetchMock.mock.calls[0][1])).toBe('Bearer access-1');
    expect(bearer(fetchMock.mock.calls[1][1])).toBe('Bearer access-2');
    expect(fetchMock.mock.calls[1][1].body).toBe('{}');
  });

  it('ends the session when the refresh fails', async () => {
    fetchMock.mockResolvedValue(new Response(null, { status: 401 }));
    const result = TestBed.inject(AuthorizedFetchService).fetch('/v1/models');
    await vi.waitFor(() => backend.expectOne('/api/v1/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' }));
    expect((await result).status).toBe(401);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(TestBed.inject(TokenStorageService).accessToken()).toBeNull();
    expect(TestBed.inject(Router).navigate).toHaveBeenCalledWith(['/login'], expect.anything());
  });
});
