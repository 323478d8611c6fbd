import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import type { BudgetRequest, CreatedKeyView, CreateKeyRequest } from '@gateway/contracts';
import { catchError, map, of } from 'rxjs';
import { KeysApiService } from '../../api/keys-api.service';
import { ModelsApiService } from '../../api/models-api.service';
import { applyFieldErrors } from '../../core/api-error';
import { budgetFormValue, budgetFromForm } from '../../core/budget-form';
import { BudgetFieldsComponent, budgetFormGroup } from '../budget-fields/budget-fields.component';

/** Number inputs hand back numbers once typed in, '' or null when cleared. */
const optionalNumber = (value: string | number | null): number | undefined =>
  value === null || String(value).trim() === '' ? undefined : Number(value);

/** Set to create a team key: charged to the team's account, managed by its owners. */
export interface KeyFormDialogData {
  team?: { id: string; name: string; allowedModels: string[] };
}

/** Creates a key; closes with the created key (plaintext included). */
@Component({
  selector: 'gw-key-form-dialog',
  imports: [
    BudgetFieldsComponent,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  templateUrl: './key-form-dialog.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeyFormDialogComponent {
  private readonly keysApi = inject(KeysApiService);
  private readonly dialogRef = inject<MatDialogRef<KeyFormDialogComponent, CreatedKeyView>>(MatDialogRef);
  protected readonly team = inject<KeyFormDialogData | null>(MAT_DIALOG_DATA, { optional: true })?.team ?? null;

  protected readonly models = toSignal(
    inject(ModelsApiService)
      .list()
      .pipe(
        map((models) => models.filter((m) => m.enabled).map((m) => m.name)),
        // A team key can only use what the team allows.
        map((names) => (this.team?.allowedModels.length ? names.filter((n) => this.team!.allowedModels.includes(n)) : names)),
        catchError(() => of<string[]>([])),
      ),
  );
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(100)]],
    models: [[] as string[]],
    budget: budgetFormGroup(budgetFormValue(null)),
    rpm: [null as number | null, Validators.min(1)],
    tpm: [null as number | null, Validators.min(1)],
    expiresAt: [''],
    allowedOrigins: [''],
  });

  protected submit(): void {
    const budget = budgetFromForm(this.form.controls.budget.getRawValue());
    if (this.form.invalid || !budget.ok || this.saving()) {
      this.form.markAllAsTouched();
      this.formErrors.set(budget.ok ? [] : [budget.error]);
      return;
    }
    this.saving.set(true);
    this.formErrors.set([]);
    this.keysApi.create(this.request(budget.budget)).subscribe({
      next: (created) => this.dialogRef.close(created),
      error: (err: unknown) => {
        this.saving.set(false);
        this.formErrors.set(applyFieldErrors(this.form, err));
      },
    });
  }

  private request(budget: BudgetRequest | null): CreateKeyRequest {
    const v = this.form.getRawValue();
    const origins = v.allowedOrigins
      .split(/[\s,]+/)
      .map((o) => o.trim())
      .filter(Boolean);
    const body: CreateKeyRequest = { name: v.name.trim(), ...(this.team ? { teamId: this.team.id } : {}) };
    if (v.models.length) body.models = v.models;
    if (origins.length) body.allowedOrigins = origins;
    const rpm = optionalNumber(v.rpm);
    const tpm = optionalNumber(v.tpm);
    if (budget) body.budget = budget;
    if (rpm !== undefined) body.rpm = rpm;
    if (tpm !== undefined) body.tpm = tpm;
    if (v.expiresAt) body.expiresAt = new Date(`${v.expiresAt}T23:59:59.999Z`).toISOString();
    return body;
  }
}
