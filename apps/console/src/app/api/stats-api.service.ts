import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AdminStatsView,
  CostsGroupBy,
  LeaderboardRowView,
  TeamLeaderboardRowView,
  UsageGroupView,
  UsageSummaryView,
} from '@gateway/contracts';
import { map, Observable } from 'rxjs';
import { ListBody, toList } from '../core/format';

export interface DayRange {
  from: string;
  to: string;
}

const bounds = ({ from, to }: DayRange): Record<string, string> => ({
  from: `${from}T00:00:00.000Z`,
  to: `${to}T23:59:59.999Z`,
});

@Injectable({ providedIn: 'root' })
export class StatsApiService {
  private readonly http = inject(HttpClient);

  stats(): Observable<AdminStatsView> {
    return this.http.get<AdminStatsView>('/api/v1/admin/stats');
  }

  summary(range: DayRange): Observable<UsageSummaryView> {
    return this.http.get<UsageSummaryView>('/api/v1/admin/usage/summary', { params: bounds(range) });
  }

  leaderboard(range: DayRange): Observable<LeaderboardRowView[]> {
    return this.http
      .get<ListBody<LeaderboardRowView>>('/api/v1/admin/usage/leaderboard', { params: bounds(range) })
      .pipe(map(toList));
  }

  /** Teams by what their keys spent. */
  teamLeaderboard(range: DayRange): Observable<TeamLeaderboardRowView[]> {
    return this.http
      .get<ListBody<TeamLeaderboardRowView>>('/api/v1/admin/usage/leaderboard', { params: { groupBy: 'team', ...bounds(range) } })
      .pipe(map(toList));
  }

  costs(groupBy: CostsGroupBy, range: DayRange): Observable<UsageGroupView[]> {
    return this.http
      .get<ListBody<UsageGroupView>>('/api/v1/admin/costs', { params: { groupBy, ...bounds(range) } })
      .pipe(map(toList));
  }
}
