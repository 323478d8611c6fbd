import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { SsoSettingsView, UpdateSsoSettingsRequest } from '@gateway/contracts';
import { Observable } from 'rxjs';

/** The single sign-on settings (admins); the client secret only ever goes up, never comes back. */
@Injectable({ providedIn: 'root' })
export class SsoApiService {
  private readonly http = inject(HttpClient);

  get(): Observable<SsoSettingsView> {
    return this.http.get<SsoSettingsView>('/api/v1/admin/sso');
  }

  save(body: UpdateSsoSettingsRequest): Observable<SsoSettingsView> {
    return this.http.put<SsoSettingsView>('/api/v1/admin/sso', body);
  }
}
