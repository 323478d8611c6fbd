import { HttpErrorResponse } from '@angular/common/http';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { throwError } from 'rxjs';
import { TeamsApiService } from '../../api/teams-api.service';
import { AuthService } from '../../core/auth.service';
import { TeamDetailPageComponent } from './team-detail-page.component';

describe('TeamDetailPageComponent', () => {
  async function renderFailing(status: number, message: string) {
    const err = new HttpErrorResponse({ status, error: { statusCode: status, error: 'x', message } });
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        { provide: TeamsApiService, useValue: { get: () => throwError(() => err) } },
        { provide: AuthService, useValue: { isAdmin: signal(false) } },
      ],
    });
    const fixture = TestBed.createComponent(TeamDetailPageComponent);
    fixture.componentRef.setInput('id', '0b6f7c1e-8a0d-4c1e-9d3a-2f1e5c7b9a01');
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it("tells an outsider the team is not found without saying whether it exists", async () => {
    const el = await renderFailing(404, 'Team not found');
    const failure = el.querySelector('[data-testid="team-failure"]')!;
    expect(failure.getAttribute('role')).toBe('alert');
    expect(failure.textContent).toContain('Team not found');
    expect(failure.textContent).toContain('does not exist, or you are not one of its members');
    expect(el.querySelector('[data-testid="team-name"]')).toBeNull();
  });

  it("shows a 403 with the API's reason", async () => {
    const el = await renderFailing(403, "Only the team's owners or an admin may do this");
    expect(el.querySelector('[data-testid="team-failure"]')?.textContent).toContain("Only the team's owners or an admin may do this");
  });
});
