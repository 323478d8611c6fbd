import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import type { BudgetRequest, CreatedKeyView, CreateKeyRequest, KeyView, ModelView, UpdateKeyRequest } from '@gateway/contracts';
import { catchError, map, of } from 'rxjs';
import { KeysApiService } from '../../api/keys-api.service';
import { ModelsApiService } from '../../api/models-api.service';
import { applyFieldErrors } from '../../core/api-error';
import { budgetFormValue, budgetFromForm, keyBudget } from '../../core/budget-form';
import { BudgetFieldsComponent, budgetFormGroup } from '../budget-fields/budget-fields.component';

/** Number inputs hand back numbers once typed in, '' or null when cleared. */
const optionalNumber = (value: string | number | null): number | undefined =>
  value === null || String(value).trim() === '' ? undefined : Number(value);

/** Set to create a team key: charged to the team's account, managed by its owners. */
export interface KeyFormDialogData {
  team?: { id: string; name: string; allowedModels: string[] };
  /** Set to edit this key rather than create one. */
  key?: KeyView;
}

/** Origins typed with spaces, commas or new lines between them. */
const origins = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((o) => o.trim())
    .filter(Boolean);

/** `YYYY-MM-DD` of an expiry, for the date field. */
const expiryDay = (expiresAt: string | null): string => (expiresAt ? expiresAt.slice(0, 10) : '');

/** Creates a key (closes with it, plaintext included) or edits one (closes with its new view). */
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
  private readonly dialogRef = inject<MatDialogRef<KeyFormDialogComponent, CreatedKeyView | KeyView>>(MatDialogRef);
  private readonly data = inject<KeyFormDialogData | null>(MAT_DIALOG_DATA, { optional: true });
  protected readonly team = this.data?.team ?? null;
  protected readonly editing = this.data?.key ?? null;

  /**
   * Only what the key's holder may use (the API refuses anything else): for an edit, the key's
   * own list, since an owner or admin may be editing a key another user holds; for a new key,
   * the caller's, narrowed to the team's allow-list for a team key.
   */
  protected readonly models = toSignal(
    (this.editing ? this.keysApi.models(this.editing.id) : inject(ModelsApiService).usable().pipe(map((models) => this.inTeam(models)))).pipe(
      map((models) => models.filter((m) => m.enabled).map((m) => m.name)),
      catchError(() => of<string[]>([])),
    ),
  );
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.editing?.name ?? '', [Validators.required, Validators.maxLength(100)]],
    models: [this.editing?.models ?? ([] as string[])],
    budget: budgetFormGroup(budgetFormValue(this.editing ? keyBudget(this.editing) : null)),
    rpm: [this.editing?.rpm ?? (null as number | null), Validators.min(1)],
    tpm: [this.editing?.tpm ?? (null as number | null), Validators.min(1)],
    expiresAt: [expiryDay(this.editing?.expiresAt ?? null)],
    allowedOrigins: [this.editing?.allowedOrigins.join(', ') ?? ''],
  });

  private inTeam(models: ModelView[]): ModelView[] {
    const allowed = this.team?.allowedModels ?? [];
    return allowed.length ? models.filter((m) => allowed.includes(m.name)) : models;
  }

  protected submit(): void {
    const budget = budgetFromForm(this.form.controls.budget.getRawValue());
    if (this.form.invalid || !budget.ok || this.saving()) {
      this.form.markAllAsTouched();
      this.formErrors.set(budget.ok ? [] : [budget.error]);
      return;
    }
    this.saving.set(true);
    this.formErrors.set([]);
    const saved = this.editing ? this.keysApi.update(this.editing.id, this.changes(budget.budget)) : this.keysApi.create(this.request(budget.budget));
    saved.subscribe({
      next: (key: CreatedKeyView | KeyView) => this.dialogRef.close(key),
      error: (err: unknown) => {
        this.saving.set(false);
        this.formErrors.set(applyFieldErrors(this.form, err));
      },
    });
  }

  /** The whole form as a PATCH: cleared fields are sent as cleared (null, or an empty list). */
  private changes(budget: BudgetRequest | null): UpdateKeyRequest {
    const v = this.form.getRawValue();
    return {
      name: v.name.trim(),
      models: v.models,
      budget,
      rpm: optionalNumber(v.rpm) ?? null,
      tpm: optionalNumber(v.tpm) ?? null,
      expiresAt: v.expiresAt ? new Date(`${v.expiresAt}T23:59:59.999Z`).toISOString() : null,
      allowedOrigins: origins(v.allowedOrigins),
    };
  }

  private request(budget: BudgetRequest | null): CreateKeyRequest {
    const v = this.form.getRawValue();
    const allowed = origins(v.allowedOrigins);
    const body: CreateKeyRequest = { name: v.name.trim(), ...(this.team ? { teamId: this.team.id } : {}) };
    if (v.models.length) body.models = v.models;
    if (allowed.length) body.allowedOrigins = allowed;
    const rpm = optionalNumber(v.rpm);
    const tpm = optionalNumber(v.tpm);
    if (budget) body.budget = budget;
    if (rpm !== undefined) body.rpm = rpm;
    if (tpm !== undefined) body.tpm = tpm;
    if (v.expiresAt) body.expiresAt = new Date(`${v.expiresAt}T23:59:59.999Z`).toISOString();
    return body;
  }
}
