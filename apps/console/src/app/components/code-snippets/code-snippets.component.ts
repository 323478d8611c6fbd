import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { copyText } from '../../core/copy-text';
import { NotifyService } from '../../core/notify.service';
import type { Snippet } from '../../core/snippets';
import { IconComponent } from '../icon/icon.component';

/** Code snippets behind a row of toggles, one shown at a time, each with a copy button. */
@Component({
  selector: 'gw-code-snippets',
  imports: [IconComponent, MatButtonModule, MatButtonToggleModule],
  template: `
    <mat-button-toggle-group [value]="current()?.id" (change)="chosen.set($event.value)" aria-label="Snippet" hideSingleSelectionIndicator>
      @for (s of snippets(); track s.id) {
        <mat-button-toggle [value]="s.id" [attr.data-testid]="'snippet-tab-' + s.id">{{ s.label }}</mat-button-toggle>
      }
    </mat-button-toggle-group>
    @if (current(); as s) {
      <div class="gw-snippet">
        <pre data-testid="snippet-code"><code>{{ s.code }}</code></pre>
        <button mat-stroked-button type="button" class="gw-snippet-copy" (click)="copy(s)" data-testid="copy-snippet"><gw-icon name="copy" /> Copy</button>
      </div>
    }
  `,
  styles: `
    :host { display: block; min-width: 0; }
    mat-button-toggle-group { flex-wrap: wrap; margin-bottom: 8px; }
    .gw-snippet { position: relative; }
    pre { margin: 0; padding: 12px; padding-right: 96px; border-radius: 8px; background: var(--mat-sys-surface-container, #f4f4f6); overflow-x: auto; font-size: 12.5px; line-height: 1.45; max-height: 420px; }
    .gw-snippet-copy { position: absolute; top: 8px; right: 8px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CodeSnippetsComponent {
  private readonly clipboard = inject(Clipboard);
  private readonly notify = inject(NotifyService);
  readonly snippets = input.required<Snippet[]>();
  protected readonly chosen = signal<Snippet['id'] | null>(null);
  protected readonly current = computed<Snippet | null>(() => this.snippets().find((s) => s.id === this.chosen()) ?? this.snippets()[0] ?? null);

  protected async copy(snippet: Snippet): Promise<void> {
    if (await copyText(snippet.code, this.clipboard)) this.notify.ok(`${snippet.label} snippet copied`);
    else this.notify.fail('Could not copy: select the text and copy it by hand');
  }
}
