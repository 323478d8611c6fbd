import { TestBed } from '@angular/core/testing';
import type { TeamView } from '@gateway/contracts';
import { resolveScope, TeamScopeService } from './team-scope.service';
import { teamView } from '../testing/views';

const team = (id: string, role: TeamView['role']): TeamView => teamView({ id, name: `Team ${id}`, slug: `team-${id}`, role });

describe('resolveScope', () => {
  it('finds the remembered team among the memberships', () => {
    expect(resolveScope([team('a', 'member'), team('b', 'owner')], 'b')?.id).toBe('b');
  });

  it('falls back to personal for nothing stored, a team left, or one the user only sees as an admin', () => {
    expect(resolveScope([team('a', 'member')], null)).toBeNull();
    expect(resolveScope([team('a', 'member')], 'gone')).toBeNull();
    expect(resolveScope([team('a', null)], 'a')).toBeNull();
  });
});

describe('TeamScopeService', () => {
  beforeEach(() => localStorage.clear());

  it('remembers the chosen team across instances and forgets it for personal', () => {
    const first = TestBed.inject(TeamScopeService);
    first.setTeams([team('a', 'owner'), team('b', 'member'), team('c', null)]);
    expect(first.teams().map((t) => t.id)).toEqual(['a', 'b']);
    first.select('b');
    expect(first.teamId()).toBe('b');

    TestBed.resetTestingModule();
    const second = TestBed.inject(TeamScopeService);
    expect(second.teamId()).toBeNull();
    second.setTeams([team('a', 'owner'), team('b', 'member')]);
    expect(second.team()?.name).toBe('Team b');

    second.select(null);
    expect(second.teamId()).toBeNull();
    expect(localStorage.getItem('gw.teamScope')).toBeNull();
  });
});
