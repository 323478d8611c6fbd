import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreatedKeyView, CreateKeyRequest, KeyView, ModelView, UpdateKeyRequest, UsableModelsView } from '@gateway/contracts';
import { map, Observable } from 'rxjs';
import { ListBody, toList } from '../core/format';

const URL = '/api/v1/keys';

@Injectable({ providedIn: 'root' })
export class KeysApiService {
  private readonly http = inject(HttpClient);

  /** The caller's personal keys, or a team's keys (its owners and admins). */
  list(teamId?: string | null): Observable<KeyView[]> {
    return this.http.get<ListBody<KeyView>>(URL, { params: teamId ? { teamId } : {} }).pipe(map(toList));
  }

  /** One user's keys (admins). */
  listForUser(userId: string): Observable<KeyView[]> {
    return this.http.get<ListBody<KeyView>>(URL, { params: { userId } }).pipe(map(toList));
  }

  /** The models this key may name: its holder's tier and its team's allow-list, whoever asks. */
  models(id: string): Observable<ModelView[]> {
    return this.http.get<UsableModelsView>(`${URL}/${id}/models`).pipe(map((body) => body.items));
  }

  create(body: CreateKeyRequest): Observable<CreatedKeyView> {
    return this.http.post<CreatedKeyView>(URL, body);
  }

  update(id: string, body: UpdateKeyRequest): Observable<KeyView> {
    return this.http.patch<KeyView>(`${URL}/${id}`, body);
  }

  /** A new secret now (shown once); the old one keeps working for `gracePeriodSeconds`. */
  rotate(id: string, gracePeriodSeconds: number): Observable<CreatedKeyView> {
    return this.http.post<CreatedKeyView>(`${URL}/${id}/rotate`, { gracePeriodSeconds });
  }

  revoke(id: string): Observable<void> {
    return this.http.delete<void>(`${URL}/${id}`);
  }
}
