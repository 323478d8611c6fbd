import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { applyFieldErrors, errorStatus } from '../../core/api-error';
import { AuthService } from '../../core/auth.service';

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
