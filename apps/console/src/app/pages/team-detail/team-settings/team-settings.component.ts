import { ChangeDetectionStrategy, Component, effect, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { UpdateTeamRequest } from '@gateway/contracts';
import { catchError, map, of } from 'rxjs';
import { ModelsApiService } from '../../../api/models-api.service';
import { TeamsApiService } from '../../../api/teams-api.service';
import { applyFieldErrors } from '../../../core/api-error';
import { CountPipe } from '../../../format';
import { NotifyService } from '../../../core/notify.service';
import type { TeamWithBudget } from '../../../core/team-budget';

const optional = (value: number | string | null): number | null => (value === null || String(value).trim() === '' ? null : Number(value));

/** Allowed models (owners and admins edit them) and the team's shared rpm / tpm (admins only). */
@Component({
  selector: 'gw-team-settings',
  imports: [CountPipe, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule],
  templateUrl: './team-settings.component.html',
  styles: `
    .facts { margin: 0; }
    dt { font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    dd { margin: 2px 0 12px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamSettingsComponent {
  private readonly teamsApi = inject(TeamsApiService);
  private readonly notify = inject(NotifyService);
  readonly team = input.required<TeamWithBudget>();
  readonly canEdit = input(false);
  readonly isAdmin = input(false);
  readonly changed = output<TeamWithBudget>();
  protected readonly models = toSignal(
    inject(ModelsApiService)
      .list()
      .pipe(
        map((models) => models.filter((m) => m.enabled).map((m) => m.name)),
        catchError(() => of<string[]>([])),
      ),
    { initialValue: [] },
  );
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  protected readonly form = inject(NonNullableFormBuilder).group({
    allowedModels: [[] as string[]],
    rpm: [null as number | null, Validators.min(1)],
    tpm: [null as number | null, Validators.min(1)],
  });

  constructor() {
    effect(() => {
      const team = this.team();
      this.form.reset({ allowedModels: team.allowedModels, rpm: team.rpm, tpm: team.tpm });
      if (this.isAdmin()) {
        this.form.controls.rpm.enable();
        this.form.controls.tpm.enable();
      } else {
        this.form.controls.rpm.disable();
        this.form.controls.tpm.disable();
      }
    });
  }

  protected save(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    // rpm / tpm are for admins: the API refuses an owner's change with 403, so owners never send them.
    const limits = this.isAdmin() ? { rpm: optional(v.rpm), tpm: optional(v.tpm) } : {};
    const body: UpdateTeamRequest = { allowedModels: v.allowedModels, ...limits };
    this.saving.set(true);
    this.formErrors.set([]);
    this.teamsApi.update(this.team().id, body).subscribe({
      next: (team) => {
        this.saving.set(false);
        this.notify.ok('Team settings saved');
        this.changed.emit(team);
      },
      error: (err: unknown) => {
        this.saving.set(false);
        this.formErrors.set(applyFieldErrors(this.form, err));
      },
    });
  }
}
