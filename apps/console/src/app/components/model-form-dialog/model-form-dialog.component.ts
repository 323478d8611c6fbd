import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormArray, FormGroup, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { CreateModelRequest, ModelTargetInput, ModelView, ProviderView, Tier } from '@gateway/contracts';
import { ModelsApiService } from '../../api/models-api.service';
import { PricingApiService } from '../../api/pricing-api.service';
import { applyFieldErrors } from '../../core/api-error';
import { keysOf, TIER_LABELS } from '../../core/labels';
import { NotifyService } from '../../core/notify.service';
import { IconComponent } from '../icon/icon.component';
import {
  CACHE_PRICE_FIELDS,
  catalogValues,
  EXTRA_KEYS,
  extraPriceControls,
  extraPricesOf,
  hasExtraPrices,
  LONG_CONTEXT_PRICE_FIELDS,
  longContextComplete,
} from './extra-prices';

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
    MatExpansionModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatSlideToggleModule,
    NgTemplateOutlet,
    ReactiveFormsModule,
  ],
  templateUrl: './model-form-dialog.component.html',
  styleUrl: './model-form-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ModelFormDialogComponent {
  private readonly modelsApi = inject(ModelsApiService);
  private readonly notify = inject(NotifyService);
  private readonly pricingApi = inject(PricingApiService);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly dialogRef = inject<MatDialogRef<ModelFormDialogComponent, ModelView>>(MatDialogRef);
  protected readonly data = inject<ModelFormData>(MAT_DIALOG_DATA);
  protected readonly allTiers = keysOf(TIER_LABELS);
  protected readonly saving = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  protected readonly cachePriceFields = CACHE_PRICE_FIELDS;
  protected readonly longContextPriceFields = LONG_CONTEXT_PRICE_FIELDS;
  protected readonly lookingUp = signal(false);
  private readonly model = this.data.model;
  protected readonly extraPricesOpen = signal(hasExtraPrices(this.model));
  private readonly initialTargets = this.model?.targets ?? [{ providerId: this.data.providers[0]?.id ?? '', upstreamModel: '' }];

  protected readonly form = this.fb.group(
    {
      name: [this.model?.name ?? '', [Validators.required, Validators.pattern(/^\S+$/)]],
      description: [this.model?.description ?? ''],
      inputPriceUsdPerMTok: [this.model?.inputPriceUsdPerMTok ?? 0, [Validators.required, Validators.min(0)]],
      outputPriceUsdPerMTok: [this.model?.outputPriceUsdPerMTok ?? 0, [Validators.required, Validators.min(0)]],
      tiers: [this.model?.tiers ?? ([] as Tier[])],
      enabled: [this.model?.enabled ?? true],
      targets: this.fb.array(this.initialTargets.map((t) => this.target(t))),
      ...extraPriceControls(this.fb, this.model),
    },
    { validators: longContextComplete },
  );

  protected get targets(): FormArray<FormGroup> {
    return this.form.controls.targets as unknown as FormArray<FormGroup>;
  }

  protected addTarget(): void {
    this.form.controls.targets.push(this.target({ providerId: '', upstreamModel: '', priority: this.targets.length }));
  }

  protected removeTarget(index: number): void {
    this.form.controls.targets.removeAt(index);
  }

  /** Fills the prices from the catalog's best match for the first target's upstream model. */
  protected fillFromCatalog(): void {
    const search = String(this.targets.at(0)?.value.upstreamModel ?? '').trim();
    if (!search || this.lookingUp()) return;
    this.lookingUp.set(true);
    this.pricingApi.catalog(search).subscribe({
      next: ([entry]) => {
        this.lookingUp.set(false);
        if (!entry) {
          this.notify.fail(`No catalog entry matches "${search}"`);
          return;
        }
        const values = catalogValues(entry);
        this.form.patchValue(values);
        this.form.markAsDirty();
        if (hasExtraPrices(values)) this.extraPricesOpen.set(true);
        this.notify.ok(`Prices filled from the catalog entry "${entry.name}" (${entry.provider})`);
      },
      error: (err: unknown) => {
        this.lookingUp.set(false);
        this.notify.fail(err, 'Catalog lookup failed');
      },
    });
  }

  protected submit(): void {
    if (this.form.invalid || this.saving() || !this.targets.length) {
      this.form.markAllAsTouched();
      if (!this.targets.length) this.formErrors.set(['Add at least one target']);
      this.openExtraPricesIfInvalid();
      return;
    }
    const v = this.form.getRawValue();
    const body: CreateModelRequest = {
      name: v.name.trim(),
      inputPriceUsdPerMTok: Number(v.inputPriceUsdPerMTok),
      outputPriceUsdPerMTok: Number(v.outputPriceUsdPerMTok),
      ...extraPricesOf(v),
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
        this.openExtraPricesIfInvalid();
      },
    });
  }

  /** The long-context rule's message, once the admin has touched one of its fields. */
  protected longContextError(): string | null {
    const c = this.form.controls;
    const fields = [c.longContextThresholdTokens, c.longContextInputPriceUsdPerMTok, c.longContextOutputPriceUsdPerMTok];
    return fields.some((field) => field.touched) ? (this.form.getError('longContext') as string | null) : null;
  }

  private openExtraPricesIfInvalid(): void {
    if (this.form.hasError('longContext') || EXTRA_KEYS.some((key) => this.form.controls[key].invalid)) this.extraPricesOpen.set(true);
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
