import { TestBed } from '@angular/core/testing';
import { of } from 'rxjs';
import { TeamsApiService } from '../../../api/teams-api.service';
import { UsageApiService } from '../../../api/usage-api.service';
import { NotifyService } from '../../../core/notify.service';
import { TeamUsageComponent } from './team-usage.component';

describe('TeamUsageComponent period', () => {
  let teams: { usageGroups: ReturnType<typeof vi.fn>; usageCsv: ReturnType<typeof vi.fn> };
  let notify: { ok: ReturnType<typeof vi.fn>; fail: ReturnType<typeof vi.fn> };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    teams = { usageGroups: vi.fn(() => of({ items: [] })), usageCsv: vi.fn(() => of(new Blob(['a\n']))) };
    notify = { ok: vi.fn(), fail: vi.fn() };
    TestBed.configureTestingModule({
      providers: [
        { provide: TeamsApiService, useValue: teams },
        { provide: UsageApiService, useValue: { groups: vi.fn(() => of({ items: [] })), csv: vi.fn() } },
        { provide: NotifyService, useValue: notify },
      ],
    });
    // Charts and Material are the e2e suite's; here the period check.
    TestBed.overrideTemplate(TeamUsageComponent, '');
  });

  afterEach(() => vi.useRealTimers());

  const create = () => {
    const fixture = TestBed.createComponent(TeamUsageComponent);
    fixture.componentRef.setInput('teamId', 'team-1');
    fixture.detectChanges();
    return fixture.componentInstance as unknown as {
      form: { patchValue(v: object): void };
      rangeProblem(): string | null;
      download(): void;
    };
  };

  it('says From after To instead of asking the API (no red "could not load")', () => {
    const usage = create();
    expect(teams.usageGroups).toHaveBeenCalledTimes(1);
    usage.form.patchValue({ from: '2026-12-05', to: '2026-12-01' });
    vi.advanceTimersByTime(350);
    expect(usage.rangeProblem()).toBe('From must not be after To');
    usage.download();
    expect(teams.usageGroups).toHaveBeenCalledTimes(1);
    expect(teams.usageCsv).not.toHaveBeenCalled();
    expect(notify.fail).not.toHaveBeenCalled();
  });

  it('asks again once the period is right', () => {
    const usage = create();
    usage.form.patchValue({ from: '2026-11-01', to: '2026-11-30' });
    vi.advanceTimersByTime(350);
    expect(usage.rangeProblem()).toBeNull();
    expect(teams.usageGroups).toHaveBeenLastCalledWith('team-1', { from: '2026-11-01', to: '2026-11-30', teamId: 'team-1' }, 'day');
  });
});
