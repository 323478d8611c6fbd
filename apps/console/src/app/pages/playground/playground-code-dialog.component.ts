import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatButtonModule } from '@angular/material/button';
import { CodeSnippetsComponent } from '../../components/code-snippets/code-snippets.component';
import { KEY_VARIABLE, type Snippet } from '../../core/snippets';

/** "View code": the playground's conversation as curl and SDK calls against this gateway. */
@Component({
  selector: 'gw-playground-code-dialog',
  imports: [CodeSnippetsComponent, MatButtonModule, MatDialogModule],
  template: `
    <h2 mat-dialog-title>The same call from your code</h2>
    <mat-dialog-content>
      <p class="gw-muted">Set <code>{{ keyVariable }}</code> to one of your API keys. The gateway answers both formats for every model.</p>
      <gw-code-snippets [snippets]="snippets" />
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close type="button">Close</button>
    </mat-dialog-actions>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PlaygroundCodeDialogComponent {
  protected readonly snippets = inject<Snippet[]>(MAT_DIALOG_DATA);
  protected readonly keyVariable = KEY_VARIABLE;
}
