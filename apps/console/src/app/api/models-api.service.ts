import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { CreateModelRequest, ModelView, UpdateModelRequest, UsableModelsView } from '@gateway/contracts';
import { map, Observable } from 'rxjs';
import { ListBody, toList } from '../core/format';

const URL = '/api/v1/models';

@Injectable({ providedIn: 'root' })
export class ModelsApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<ModelView[]> {
    return this.http.get<ListBody<ModelView>>(URL).pipe(map(toList));
  }

  /** The models the caller (or, for admins, `userId`) may use: exactly what a key of theirs may name. */
  usable(userId?: string): Observable<ModelView[]> {
    return this.http.get<UsableModelsView>(`${URL}/usable`, { params: userId ? { userId } : {} }).pipe(map((body) => body.items));
  }

  create(body: CreateModelRequest): Observable<ModelView> {
    return this.http.post<ModelView>(URL, body);
  }

  update(id: string, body: UpdateModelRequest): Observable<ModelView> {
    return this.http.patch<ModelView>(`${URL}/${id}`, body);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${URL}/${id}`);
  }
}
