import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type {
  AddTeamMemberRequest,
  CreateTeamRequest,
  CreditsView,
  Page,
  TeamMemberView,
  TeamRole,
  TeamView,
  UpdateTeamRequest,
  UsageGroupBy,
  UsageGroupView,
} from '@gateway/contracts';
import { Observable } from 'rxjs';
import type { BudgetUpdate, TeamWithBudget } from '../core/team-budget';
import { UsageFilters, usageParams } from './usage-api.service';

const URL = '/api/v1/teams';

/** Teams, their members, account and usage (`/api/v1/teams`). */
@Injectable({ providedIn: 'root' })
export class TeamsApiService {
  private readonly http = inject(HttpClient);

  /** Admins get every team, others the teams they belong to; each with the caller's role. */
  list(page = 1, pageSize = 200): Observable<Page<TeamView>> {
    return this.http.get<Page<TeamView>>(URL, { params: { page, pageSize } });
  }

  get(id: string): Observable<TeamWithBudget> {
    return this.http.get<TeamWithBudget>(`${URL}/${id}`);
  }

  create(body: CreateTeamRequest): Observable<TeamView> {
    return this.http.post<TeamView>(URL, body);
  }

  update(id: string, body: UpdateTeamRequest | BudgetUpdate): Observable<TeamWithBudget> {
    return this.http.patch<TeamWithBudget>(`${URL}/${id}`, body);
  }

  /** Refused (409) while the team has live keys or a balance, unless an admin forces it. */
  remove(id: string, force = false): Observable<void> {
    return this.http.delete<void>(`${URL}/${id}`, { params: force ? { force: 'true' } : {} });
  }

  members(id: string, page = 1, pageSize = 200): Observable<Page<TeamMemberView>> {
    return this.http.get<Page<TeamMemberView>>(`${URL}/${id}/members`, { params: { page, pageSize } });
  }

  addMember(id: string, body: AddTeamMemberRequest): Observable<TeamMemberView> {
    return this.http.post<TeamMemberView>(`${URL}/${id}/members`, body);
  }

  setRole(id: string, userId: string, role: TeamRole): Observable<TeamMemberView> {
    return this.http.patch<TeamMemberView>(`${URL}/${id}/members/${userId}`, { role });
  }

  removeMember(id: string, userId: string): Observable<void> {
    return this.http.delete<void>(`${URL}/${id}/members/${userId}`);
  }

  credits(id: string, page = 1, pageSize = 10): Observable<CreditsView> {
    return this.http.get<CreditsView>(`${URL}/${id}/credits`, { params: { page, pageSize } });
  }

  /** Everything the team's keys spent (owners and admins). */
  usageGroups(id: string, filters: UsageFilters, groupBy: UsageGroupBy): Observable<{ items: UsageGroupView[] }> {
    return this.http.get<{ items: UsageGroupView[] }>(`${URL}/${id}/usage`, { params: usageParams(filters, { groupBy }) });
  }

  usageCsv(id: string, filters: UsageFilters): Observable<Blob> {
    return this.http.get(`${URL}/${id}/usage.csv`, { params: usageParams(filters), responseType: 'blob' });
  }
}
