import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { CreateProviderRequest, ProviderType, ProviderView } from '@gateway/contracts';
import { ProvidersApiService } from '../../api/providers-api.service';
import { applyFieldErrors } from '../../core/api-error';
import { keysOf, PROVIDER_TYPE_INFO } from '../../core/labels';

export const PROVIDER_TYPE_OPTIONS = keysOf(PROVIDER_TYPE_INFO).map((value) => ({ value, ...PROVIDER_TYPE_INFO[value] }));

const headersText = (headers: Record<string, string>): string =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

const parseHeaders = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.split(/:(.*)/s).map((part) => part.trim()))
      .filter(([name, value]) => name && value !== undefined)
      .map(([name, value]) => [name, value ?? '']),
  );

/** Creates (no data) or edits (data = provider) a provider; closes with the saved provider. */
@Component({
  selector: 'gw-provider-form-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatSlideToggleModule, ReactiveFormsModule],
  templateUrl: './provider-form-dialog.component.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProviderFormDialogComponent {
  private readonly providersApi = inject(ProvidersApiService);
  private readonly dialogRef = inject<MatDialogRef<ProviderFormDialogComponent, ProviderView>>(MatDialogRef);
  protected readonly existing = inject<ProviderView | null>(MAT_DIALOG_DATA, { optional: true });
  protected readonly types = PROVIDER_TYPE_OPTIONS;
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: [this.existing?.name ?? '', Validators.required],
    type: [this.existing?.type ?? ('openai' as ProviderType), Validators.required],
    baseUrl: [this.existing?.baseUrl ?? ''],
    apiKey: [''],
    headers: [headersText(this.existing?.headers ?? {})],
    timeoutMs: [this.existing?.timeoutMs ?? 60000, [Validators.min(1000)]],
    enabled: [this.existing?.enabled ?? true],
  });

  protected placeholder(): string {
    return this.types.find((t) => t.value === this.form.controls.type.value)?.baseUrl ?? '';
  }

  protected submit(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const body: CreateProviderRequest = {
      name: v.name.trim(),
      type: v.type,
      headers: parseHeaders(v.headers),
      timeoutMs: Number(v.timeoutMs),
      enabled: v.enabled,
    };
    if (v.baseUrl.trim()) body.baseUrl = v.baseUrl.trim();
    if (v.apiKey.trim()) body.apiKey = v.apiKey.trim();
    this.saving.set(true);
    this.formErrors.set([]);
    const save$ = this.existing ? this.providersApi.update(this.existing.id, body) : this.providersApi.create(body);
    save$.subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (err: unknown) => {
        this.saving.set(false);
        this.formErrors.set(applyFieldErrors(this.form, err));
      },
    });
  }
}
