import { inject, Injectable } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import { AuthService } from './auth.service';

/** `fetch` with the session's bearer token and the interceptor's refresh-once rule, for streams. */
@Injectable({ providedIn: 'root' })
export class AuthorizedFetchService {
  private readonly auth = inject(AuthService);

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const sentWith = this.auth.accessToken();
    const res = await fetch(url, this.withBearer(init, sentWith));
    if (res.status !== 401 || !this.auth.hasRefreshToken()) return res;
    let token = this.auth.accessToken();
    if (!token || token === sentWith) {
      try {
        token = (await firstValueFrom(this.auth.refresh())).accessToken;
      } catch {
        this.auth.endSession();
        return res;
      }
    }
    return fetch(url, this.withBearer(init, token));
  }

  private withBearer(init: RequestInit, token: string | null): RequestInit {
    const headers = new Headers(init.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    return { ...init, headers };
  }
}
