import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import type { CreateTeamRequest, TeamView } from '@gateway/contracts';
import { catchError, map, of } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { TeamsApiService } from '../../api/teams-api.service';
import { applyFieldErrors } from '../../core/api-error';

/** The API's slug rule: 2–48 lowercase letters, digits and dashes, no dash at either end. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,46}[a-z0-9]$/;

/** "Research & Development" -> "research-development". */
export const slugify = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');

const optionalNumber = (value: string | number | null): number | undefined =>
  value === null || String(value).trim() === '' ? undefined : Number(value);

/** Creates a team (admins); closes with it. */
@Component({
  selector: 'gw-team-form-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  templateUrl: './team-form-dialog.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamFormDialogComponent {
  private readonly teamsApi = inject(TeamsApiService);
  private readonly dialogRef = inject<MatDialogRef<TeamFormDialogComponent, TeamView>>(MatDialogRef);
  protected readonly models = toSignal(
    inject(ModelsApiService)
      .list()
      .pipe(
        map((models) => models.filter((m) => m.enabled).map((m) => m.name)),
        catchError(() => of<string[]>([])),
      ),
  );
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    slug: ['', [Validators.required, Validators.pattern(SLUG_PATTERN)]],
    allowedModels: [[] as string[]],
    rpm: [null as number | null, Validators.min(1)],
    tpm: [null as number | null, Validators.min(1)],
  });

  constructor() {
    // The slug follows the name until someone edits it by hand.
    this.form.controls.name.valueChanges.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((name) => {
      if (!this.form.controls.slug.dirty) this.form.controls.slug.setValue(slugify(name));
    });
  }

  protected submit(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body: CreateTeamRequest = { name: v.name.trim(), slug: v.slug, allowedModels: v.allowedModels };
    const rpm = optionalNumber(v.rpm);
    const tpm = optionalNumber(v.tpm);
    if (rpm !== undefined) body.rpm = rpm;
    if (tpm !== undefined) body.tpm = tpm;
    this.saving.set(true);
    this.formErrors.set([]);
    this.teamsApi.create(body).subscribe({
      next: (team) => this.dialogRef.close(team),
      error: (err: unknown) => {
        this.saving.set(false);
        this.formErrors.set(applyFieldErrors(this.form, err));
      },
    });
  }
}
