import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { AbstractControl, FormArray, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import type { SsoSettingsView } from '@gateway/contracts';
import { filter, Observable, of } from 'rxjs';
import { SsoApiService } from '../../api/sso-api.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../components/confirm-dialog/confirm-dialog.component';
import { IconComponent } from '../../components/icon/icon.component';
import { errorStatus, rawMessages } from '../../core/api-error';
import { copyText } from '../../core/copy-text';
import { WhenPipe } from '../../format';
import { NotifyService } from '../../core/notify.service';
import { ClaimMappingComponent, ruleGroup, RuleGroup } from './claim-mapping/claim-mapping.component';
import { readableSsoError } from './sso-errors';
import { callbackUrl, formFromView, SecretChange, splitList, SsoForm, toRequest, turnsOnSsoRequired } from './sso-form';

/** The single sign-on settings: provider, client (the secret write-only), who may sign in, and the claim mapping. */
@Component({
  selector: 'gw-admin-sso-page',
  imports: [
    ClaimMappingComponent,
    WhenPipe,
    IconComponent,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSlideToggleModule,
    ReactiveFormsModule,
  ],
  templateUrl: './admin-sso-page.component.html',
  styleUrl: './admin-sso-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AdminSsoPageComponent {
  private readonly ssoApi = inject(SsoApiService);
  private readonly notify = inject(NotifyService);
  private readonly dialog = inject(MatDialog);
  private readonly clipboard = inject(Clipboard);
  private readonly destroyRef = inject(DestroyRef);
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly callbackUrl = callbackUrl(location.origin);
  protected readonly loginUrl = `${location.origin}/login`;

  protected readonly rules = new FormArray<RuleGroup>([]);
  protected readonly mapping = this.fb.group({
    groupsClaim: ['groups', [Validators.required, Validators.maxLength(200)]],
    defaultRole: ['' as SsoForm['mapping']['defaultRole']],
    defaultTier: ['' as SsoForm['mapping']['defaultTier']],
    rules: this.rules,
  });
  protected readonly form = this.fb.group({
    enabled: [false],
    displayName: ['', [Validators.required, Validators.maxLength(100)]],
    issuerUrl: ['', [Validators.required, Validators.maxLength(2000)]],
    clientId: ['', [Validators.required, Validators.maxLength(500)]],
    clientSecret: ['', Validators.maxLength(500)],
    scopes: ['openid email profile'],
    redirectUrl: ['', [Validators.required, Validators.maxLength(2000)]],
    postLogoutRedirectUrl: [''],
    allowedDomains: [''],
    ssoRequired: [false],
    breakGlassEmails: [''],
    trustEmail: [false],
    mapping: this.mapping,
  });
  protected readonly saved = signal<SsoSettingsView | null>(null);
  protected readonly secretChange = signal<SecretChange>('keep');
  protected readonly loading = signal(true);
  protected readonly saving = signal(false);
  protected readonly errors = signal<string[]>([]);

  constructor() {
    this.ssoApi
      .get()
      .pipe(takeUntilDestroyed())
      .subscribe({
        next: (view) => this.show(view),
        error: (err: unknown) => {
          this.loading.set(false);
          this.notify.fail(err, 'Could not load the single sign-on settings');
        },
      });
  }

  protected setSecret(change: SecretChange): void {
    this.secretChange.set(change);
    const secret = this.form.controls.clientSecret;
    secret.setValue('');
    secret.setValidators(change === 'replace' ? [Validators.required, Validators.maxLength(500)] : Validators.maxLength(500));
    secret.updateValueAndValidity();
    this.form.markAsDirty();
  }

  protected async copyCallback(): Promise<void> {
    if (await copyText(this.callbackUrl, this.clipboard)) this.notify.ok('Callback URL copied');
    else this.notify.fail('Could not copy: select the URL and copy it by hand');
  }

  protected useCallback(): void {
    this.form.controls.redirectUrl.setValue(this.callbackUrl);
    this.form.markAsDirty();
  }

  protected save(): void {
    if (this.form.invalid || this.saving()) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    this.confirmSsoRequired(value)
      .pipe(filter(Boolean), takeUntilDestroyed(this.destroyRef))
      .subscribe(() => this.send(value));
  }

  private confirmSsoRequired(value: SsoForm): Observable<boolean | undefined> {
    if (!turnsOnSsoRequired(this.saved(), value)) return of(true);
    const breakGlass = splitList(value.breakGlassEmails);
    const data: ConfirmDialogData = {
      title: 'Require single sign-on?',
      message:
        `Password sign-in and registration will be refused for everyone except ` +
        `${breakGlass.length ? breakGlass.join(', ') : 'the bootstrap admin (ADMIN_EMAIL)'}. ` +
        `Check that signing in with ${value.displayName || 'the provider'} works before you require it.`,
      confirm: 'Require SSO',
    };
    return this.dialog.open(ConfirmDialogComponent, { data }).afterClosed();
  }

  private send(value: SsoForm): void {
    this.saving.set(true);
    this.errors.set([]);
    this.ssoApi.save(toRequest(value, this.secretChange())).subscribe({
      next: (view) => {
        this.saving.set(false);
        this.show(view);
        this.notify.ok('Single sign-on settings saved');
      },
      error: (err: unknown) => {
        this.saving.set(false);
        if (errorStatus(err) === 400) this.showErrors(rawMessages(err));
        else this.notify.fail(err, 'Could not save the settings');
      },
    });
  }

  /** Puts the saved settings in the form; the secret field is emptied (the secret never comes back anyway). */
  private show(view: SsoSettingsView): void {
    const value = formFromView(view, location.origin);
    this.rules.clear();
    value.mapping.rules.forEach((rule) => this.rules.push(ruleGroup(this.fb, rule)));
    this.form.reset(value);
    this.setSecret('keep');
    this.form.markAsPristine();
    this.saved.set(view);
    this.loading.set(false);
  }

  /** Each message made readable, listed, and shown under its field when it names one. */
  private showErrors(messages: string[]): void {
    const readable = messages.map(readableSsoError);
    this.errors.set(readable.map((e) => e.text));
    for (const error of readable) {
      const control = this.controlOf(error);
      control?.setErrors({ ...(control.errors ?? {}), server: error.text });
      control?.markAsTouched();
    }
  }

  private controlOf(error: ReturnType<typeof readableSsoError>): AbstractControl | null {
    if (error.kind === 'field') return this.form.controls[error.field];
    if (error.kind === 'mapping') return this.mapping.controls[error.field];
    if (error.kind === 'rule') return this.rules.at(error.index)?.controls[error.field] ?? null;
    return null;
  }
}
