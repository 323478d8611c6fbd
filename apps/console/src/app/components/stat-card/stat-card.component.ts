import { ChangeDetectionStrategy, Component, input } from '@angular/core';

@Component({
  selector: 'gw-stat-card',
  template: `
    <div class="label">{{ label() }}</div>
    <div class="value" [attr.data-testid]="testId()" [attr.title]="valueTitle()">{{ value() }}</div>
    @if (hint()) {
      <div class="hint">{{ hint() }}</div>
    }
  `,
  styles: `
    :host { display: block; border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 16px; background: var(--mat-sys-surface); }
    .label { font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    .value { font: var(--mat-sys-headline-medium); margin-top: 4px; word-break: break-word; }
    .hint { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); margin-top: 4px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatCardComponent {
  readonly label = input.required<string>();
  readonly value = input.required<string>();
  readonly hint = input<string>('');
  readonly testId = input<string | null>(null);
  /** Shown on hover: the exact figure behind a rounded value. */
  readonly valueTitle = input<string | null>(null);
}
