import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { errorMessages } from '../../core/api-error';
import { AuthService } from '../../core/auth.service';

/** Where the gateway sends the browser after an SSO sign-in: the one-time code (in the fragment) becomes a session. */
@Component({
  selector: 'gw-sso-callback-page',
  imports: [MatProgressBarModule, RouterLink],
  template: `
    <main class="gw-auth">
      <div class="box">
        <h1>Signing in…</h1>
        @if (error(); as message) {
          <p class="gw-error" role="alert">{{ message }}</p>
          <a routerLink="/login">Back to sign in</a>
        } @else {
          <mat-progress-bar mode="indeterminate" aria-label="Signing in" />
        }
      </div>
    </main>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SsoCallbackPageComponent implements OnInit {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly error = signal<string | null>(null);

  ngOnInit(): void {
    const code = new URLSearchParams(location.hash.slice(1)).get('code');
    // The code is single use: take it out of the address bar and history at once.
    history.replaceState(null, '', location.pathname);
    if (!code) {
      this.error.set('The sign-in did not complete: no code came back.');
      return;
    }
    this.auth.exchangeSsoCode(code).subscribe({
      next: () => void this.router.navigateByUrl('/dashboard', { replaceUrl: true }),
      error: (err: unknown) => this.error.set(errorMessages(err).join(' ')),
    });
  }
}
