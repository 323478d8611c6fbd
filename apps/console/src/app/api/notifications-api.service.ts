import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { NotificationView, Page } from '@gateway/contracts';
import { Observable } from 'rxjs';

export interface NotificationFilters {
  page?: number;
  pageSize?: number;
  /** Only this team's (its owners and admins). */
  teamId?: string | null;
  /** Admins: everyone's. */
  all?: boolean;
}

/** Budget and balance events, newest first (`/api/v1/notifications`). */
@Injectable({ providedIn: 'root' })
export class NotificationsApiService {
  private readonly http = inject(HttpClient);

  list({ page = 1, pageSize = 20, teamId, all }: NotificationFilters = {}): Observable<Page<NotificationView>> {
    const params: Record<string, string | number> = { page, pageSize };
    if (teamId) params['teamId'] = teamId;
    if (all) params['all'] = 'true';
    return this.http.get<Page<NotificationView>>('/api/v1/notifications', { params });
  }
}
