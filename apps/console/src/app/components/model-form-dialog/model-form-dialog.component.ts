import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormArray, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { CreateModelRequest, ModelTargetInput, ModelView, ProviderView, Tier } from '@gateway/contracts';
import { ModelsApiService } from '../../api/models-api.service';
import { applyFieldErrors } from '../../core/api-error';
import { keysOf, TIER_LABELS } from '../../core/labels';
import { IconComponent } from '../icon/icon.component';

export interface ModelFormData {
  model: ModelView | null;
  providers: ProviderView[];
}

/** Creates or edits a public model and its provider targets; closes with the saved model. */
@Component({
  selector: 'gw-model-form-dialog',
  imports: [
    IconComponent,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    ReactiveFormsModule,
  ],
  templateUrl: './model-form-dialog.component.html',
  styleUrl: './model-form-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ModelFormDialogComponent {
  private readonly modelsApi = inject(ModelsApiService);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly dialogRef = inject<MatDialogRef<ModelFormDialogComponent, ModelView>>(MatDialogRef);
  protected readonly data = inject<ModelFormData>(MAT_DIALOG_DATA);
  protected readonly allTiers = keysOf(TIER_LABELS);
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  private readonly model = this.data.model;

  protected readonly form = this.fb.group({
    name: [this.model?.name ?? '', [Validators.required, Validators.pattern(/^\S+$/)]],
    description: [this.model?.description ?? ''],
    inputPriceUsdPerMTok: [this.model?.inputPriceUsdPerMTok ?? 0, [Validators.required, Validators.min(0)]],
    outputPriceUsdPerMTok: [this.model?.outputPriceUsdPerMTok ?? 0, [Validators.required, Validators.min(0)]],
    tiers: [this.model?.tiers ?? ([] as Tier[])],
    enabled: [this.model?.enabled ?? true],
    targets: this.fb.array((this.model?.targets ?? [{ providerId: this.data.providers[0]?.id ?? '', upstreamModel: '' }]).map((t) => this.target(t))),
  });

  protected get targets(): FormArray<FormGroup> {
    return this.form.controls.targets as unknown as FormArray<FormGroup>;
  }

  protected addTarget(): void {
    this.form.controls.targets.push(this.target({ providerId: '', upstreamModel: '', priority: this.targets.length }));
  }

  protected removeTarget(index: number): void {
    this.form.controls.targets.removeAt(index);
  }

  protected submit(): void {
    if (this.form.invalid || this.saving() || !this.targets.length) {
      this.form.markAllAsTouched();
      if (!this.targets.length) this.formErrors.set(['Add at least one target']);
      return;
    }
    const v = this.form.getRawValue();
    const body: CreateModelRequest = {
      name: v.name.trim(),
      inputPriceUsdPerMTok: Number(v.inputPriceUsdPerMTok),
      outputPriceUsdPerMTok: Number(v.outputPriceUsdPerMTok),
      tiers: v.tiers,
      enabled: v.enabled,
      targets: v.targets.map((t) => ({ ...t, upstreamModel: t.upstreamModel.trim(), weight: Number(t.weight), priority: Number(t.priority) })),
    };
    if (v.description.trim()) body.description = v.description.trim();
    this.saving.set(true);
    this.formErrors.set([]);
    const save$ = this.model ? this.modelsApi.update(this.model.id, body) : this.modelsApi.create(body);
    save$.subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (err: unknown) => {
        this.saving.set(false);
        this.formErrors.set(applyFieldErrors(this.form, err));
      },
    });
  }

  private target(t: ModelTargetInput) {
    return this.fb.group({
      providerId: [t.providerId, Validators.required],
      upstreamModel: [t.upstreamModel, Validators.required],
      priority: [t.priority ?? 0, [Validators.required, Validators.min(0)]],
      weight: [t.weight ?? 1, [Validators.required, Validators.min(0)]],
    });
  }
}
