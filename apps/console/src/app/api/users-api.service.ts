import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Page, UpdateUserRequest, UserView } from '@gateway/contracts';
import { Observable } from 'rxjs';

export interface UserSearch {
  page: number;
  pageSize: number;
  search?: string;
}

@Injectable({ providedIn: 'root' })
export class UsersApiService {
  private readonly http = inject(HttpClient);

  me(): Observable<UserView> {
    return this.http.get<UserView>('/api/v1/auth/me');
  }

  /** The caller with their budget (spent this period, reset) and low-balance mark. */
  profile(): Observable<UserView> {
    return this.http.get<UserView>('/api/v1/users/me');
  }

  list({ page, pageSize, search }: UserSearch): Observable<Page<UserView>> {
    const params: Record<string, string | number> = { page, pageSize };
    if (search?.trim()) params['search'] = search.trim();
    return this.http.get<Page<UserView>>('/api/v1/admin/users', { params });
  }

  update(id: string, body: UpdateUserRequest): Observable<UserView> {
    return this.http.patch<UserView>(`/api/v1/admin/users/${id}`, body);
  }
}
