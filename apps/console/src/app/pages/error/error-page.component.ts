import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';

const TEXT: Record<number, { title: string; text: string }> = {
  403: { title: 'Not allowed', text: 'Your account cannot open this page. Ask an administrator if you need access.' },
  404: { title: 'Page not found', text: 'There is nothing at this address. It may have moved, or the link may be wrong.' },
};

@Component({
  selector: 'gw-error-page',
  imports: [MatButtonModule, RouterLink],
  template: `
    <main class="box">
      <p class="code">{{ code() }}</p>
      <h1>{{ content().title }}</h1>
      <p class="gw-muted">{{ content().text }}</p>
      <div class="gw-actions">
        <a mat-flat-button routerLink="/dashboard">Go to dashboard</a>
        <a mat-button routerLink="/">Home</a>
      </div>
    </main>
  `,
  styles: `
    .box { max-width: 560px; margin: 15vh auto 0; padding: 24px; text-align: center; }
    .code { font: var(--mat-sys-display-large); color: var(--mat-sys-primary); margin: 0; }
    h1 { font: var(--mat-sys-headline-medium); }
    .gw-actions { justify-content: center; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ErrorPageComponent {
  /** From the route's `data`. */
  readonly code = input<number>(404);
  protected readonly content = computed(() => TEXT[this.code()] ?? TEXT[404]);
}
