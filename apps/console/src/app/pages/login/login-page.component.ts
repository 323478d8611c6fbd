import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { applyFieldErrors, errorStatus } from '../../core/api-error';
import { catchError, of } from 'rxjs';
import { AuthService, SSO_LOGIN_URL, SSO_LOGOUT_HINT } from '../../core/auth.service';

@Component({
  selector: 'gw-login-page',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, ReactiveFormsModule, RouterLink],
  templateUrl: './login-page.component.html',
  styleUrl: './login-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPageComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  /** Where to go after signing in (query param). */
  readonly returnUrl = input<string | undefined>();
  /** Why the last SSO sign-in was refused (set by the gateway's callback). */
  readonly ssoError = input<string | undefined>();
  /** `sso` after signing out of a session that came from single sign-on. */
  readonly signedOut = input<string | undefined>();
  protected readonly ssoLoginUrl = SSO_LOGIN_URL;
  /** A gateway without SSO (or an older one) just shows the password form. */
  protected readonly sso = toSignal(this.auth.ssoConfig().pipe(catchError(() => of(null))), { initialValue: null });
  /** The provider's end-session URL with the ended session's ID token as `id_token_hint` (Okta requires it). */
  protected readonly endSessionUrl = computed(() => endSessionUrl(this.sso()?.logoutUrl ?? null, sessionStorage.getItem(SSO_LOGOUT_HINT)));
  protected readonly busy = signal(false);
  protected readonly formErrors = signal<string[]>([]);
  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });

  protected submit(): void {
    if (this.form.invalid || this.busy()) {
      this.form.markAllAsTouched();
      return;
    }
    this.busy.set(true);
    this.formErrors.set([]);
    this.auth.login(this.form.getRawValue()).subscribe({
      next: () => void this.router.navigateByUrl(this.safeReturnUrl()),
      error: (err: unknown) => {
        this.busy.set(false);
        const status = errorStatus(err);
        const unmatched = applyFieldErrors(this.form, err);
        this.formErrors.set(status === 401 ? ['Wrong email or password.'] : unmatched);
      },
    });
  }

  private safeReturnUrl(): string {
    const url = this.returnUrl() ?? '';
    return url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/login') ? url : '/dashboard';
  }
}

/** `logoutUrl` with `id_token_hint` added when there is a hint; null without a URL. */
export function endSessionUrl(logoutUrl: string | null, idToken: string | null): string | null {
  if (!logoutUrl) return null;
  if (!idToken) return logoutUrl;
  const url = new URL(logoutUrl);
  url.searchParams.set('id_token_hint', idToken);
  return url.href;
}
