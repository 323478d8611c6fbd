import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Page, UpdateUserRequest, UsageGroupView, UserView } from '@gateway/contracts';
import { map, Observable } from 'rxjs';

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

  /** One user with balance, budget and the tier's limits (admins). */
  get(id: string): Observable<UserView> {
    return this.http.get<UserView>(`/api/v1/admin/users/${id}`);
  }

  /** One user's usage per day (admins). */
  usageByDay(id: string, from: string, to: string): Observable<UsageGroupView[]> {
    return this.http.get<{ items: UsageGroupView[] }>(`/api/v1/admin/users/${id}/usage`, { params: { groupBy: 'day', from, to } }).pipe(map((b) => b.items));
  }

  update(id: string, body: UpdateUserRequest): Observable<UserView> {
    return this.http.patch<UserView>(`/api/v1/admin/users/${id}`, body);
  }
}
