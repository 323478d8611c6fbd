import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, map, Observable, of, switchMap, throwError } from 'rxjs';
import { AUTH_URL, AuthService } from './auth.service';

const withBearer = <T>(req: HttpRequest<T>, token: string | null): HttpRequest<T> =>
  token ? req.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : req;

const isOwnApi = (url: string): boolean => url.startsWith('/api/') || url.startsWith('/v1/');
const SESSION_CALLS = ['login', 'logout', 'refresh', 'register'].map((path) => `${AUTH_URL}/${path}`);

/**
 * Adds the access token; on a 401 refreshes once (shared by concurrent requests)
 * and retries. A failed refresh ends the session.
 */
export const authInterceptor: HttpInterceptorFn = (req, next) => {
  if (!isOwnApi(req.url) || SESSION_CALLS.includes(req.url)) return next(req);
  const auth = inject(AuthService);
  const sentWith = auth.accessToken();

  return next(withBearer(req, sentWith)).pipe(
    catchError((err: unknown) => {
      if (!(err instanceof HttpErrorResponse) || err.status !== 401 || !auth.hasRefreshToken()) {
        return throwError(() => err);
      }
      const current = auth.accessToken();
      // Another request already rotated the pair while this one was in flight.
      const token$: Observable<string> =
        current && current !== sentWith
          ? of(current)
          : auth.refresh().pipe(
              map((pair) => pair.accessToken),
              catchError(() => {
                auth.endSession();
                return throwError(() => err);
              }),
            );
      return token$.pipe(switchMap((token) => next(withBearer(req, token))));
    }),
  );
};
