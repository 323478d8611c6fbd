import { Injectable } from '@angular/core';
import type { TokenPair, UserView } from '@gateway/contracts';

const ACCESS = 'gw.accessToken';
const REFRESH = 'gw.refreshToken';
const USER = 'gw.user';

/** The session lives in localStorage so a reload keeps the user signed in. */
@Injectable({ providedIn: 'root' })
export class TokenStorageService {
  accessToken(): string | null {
    return localStorage.getItem(ACCESS);
  }

  refreshToken(): string | null {
    return localStorage.getItem(REFRESH);
  }

  user(): UserView | null {
    const raw = localStorage.getItem(USER);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as UserView;
    } catch {
      return null;
    }
  }

  save(pair: TokenPair): void {
    localStorage.setItem(ACCESS, pair.accessToken);
    localStorage.setItem(REFRESH, pair.refreshToken);
    if (pair.user) this.saveUser(pair.user);
  }

  saveUser(user: UserView): void {
    localStorage.setItem(USER, JSON.stringify(user));
  }

  clear(): void {
    localStorage.removeItem(ACCESS);
    localStorage.removeItem(REFRESH);
    localStorage.removeItem(USER);
  }
}
