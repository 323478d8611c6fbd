import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { ExternalToolView, ToolSessionView } from '@gateway/contracts';
import { map, Observable } from 'rxjs';

const URL = '/api/v1/admin/tools';

export interface ToolRequest {
  name: string;
  slug: string;
  url: string;
}

@Injectable({ providedIn: 'root' })
export class ToolsApiService {
  private readonly http = inject(HttpClient);

  list(): Observable<ExternalToolView[]> {
    return this.http.get<{ items: ExternalToolView[] }>(URL).pipe(map((body) => body.items));
  }

  create(body: ToolRequest): Observable<ExternalToolView> {
    return this.http.post<ExternalToolView>(URL, body);
  }

  update(id: string, body: Partial<ToolRequest>): Observable<ExternalToolView> {
    return this.http.patch<ExternalToolView>(`${URL}/${id}`, body);
  }

  remove(id: string): Observable<void> {
    return this.http.delete<void>(`${URL}/${id}`);
  }

  /** Sets the cookie that lets frames through `/tools/` (the bearer token cannot go with a frame). */
  session(): Observable<ToolSessionView> {
    return this.http.post<ToolSessionView>(`${URL}/session`, {});
  }
}
