import { computed, Injectable, signal } from '@angular/core';
import type { TeamView } from '@gateway/contracts';

const STORAGE_KEY = 'gw.teamScope';

/** The team a remembered id still names among the user's memberships, else null (personal). */
export function resolveScope(teams: readonly TeamView[], storedId: string | null): TeamView | null {
  return (storedId && teams.find((t) => t.id === storedId && t.role !== null)) || null;
}

/**
 * Which account the Keys and Usage pages show: personal, or one of the user's teams. The
 * choice survives reloads; a stored team the user no longer belongs to falls back to personal.
 * The shell feeds in the teams (this service makes no HTTP calls, so pages stay easy to test).
 */
@Injectable({ providedIn: 'root' })
export class TeamScopeService {
  /** Teams the user is a member of (admins: only those, not every team). */
  readonly teams = signal<TeamView[]>([]);
  private readonly storedId = signal<string | null>(localStorage.getItem(STORAGE_KEY));
  readonly team = computed(() => resolveScope(this.teams(), this.storedId()));
  readonly teamId = computed(() => this.team()?.id ?? null);

  setTeams(all: readonly TeamView[]): void {
    this.teams.set(all.filter((t) => t.role !== null));
  }

  select(teamId: string | null): void {
    if (teamId) localStorage.setItem(STORAGE_KEY, teamId);
    else localStorage.removeItem(STORAGE_KEY);
    this.storedId.set(teamId);
  }
}
