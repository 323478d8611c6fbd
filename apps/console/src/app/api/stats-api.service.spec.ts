import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { StatsApiService } from './stats-api.service';

describe('StatsApiService leaderboards', () => {
  let api: StatsApiService;
  let backend: HttpTestingController;
  const range = { from: '2025-03-01', to: '2025-03-31' };

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(StatsApiService);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  it('ranks users without a grouping and teams with groupBy=team, over whole UTC days', () => {
    api.leaderboard(range).subscribe();
    const users = backend.expectOne((r) => r.url === '/api/v1/admin/usage/leaderboard');
    expect(users.request.params.has('groupBy')).toBe(false);
    users.flush({ items: [] });

    let names: string[] = [];
    api.teamLeaderboard(range).subscribe((rows) => (names = rows.map((r) => r.name)));
    const teams = backend.expectOne((r) => r.url === '/api/v1/admin/usage/leaderboard');
    expect(teams.request.params.get('groupBy')).toBe('team');
    expect(teams.request.params.get('from')).toBe('2025-03-01T00:00:00.000Z');
    expect(teams.request.params.get('to')).toBe('2025-03-31T23:59:59.999Z');
    teams.flush({ items: [{ teamId: 't1', name: 'Research', requests: 3, promptTokens: 1, completionTokens: 2, costUsd: 0.5 }] });
    expect(names).toEqual(['Research']);
  });
});
