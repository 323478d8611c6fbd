import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { CreatedKeyView, ModelView } from '@gateway/contracts';
import { catchError, of } from 'rxjs';
import { ModelsApiService } from '../../api/models-api.service';
import { AuthService } from '../../core/auth.service';
import { copyText } from '../../core/copy-text';
import { NotifyService } from '../../core/notify.service';
import { agentSettings, snippetsFor } from '../../core/snippets';
import { usableModels } from '../../core/usable-models';
import { CodeSnippetsComponent } from '../code-snippets/code-snippets.component';
import { IconComponent } from '../icon/icon.component';

/**
 * Shows a new key's plaintext, the only time it is ever visible. The dialog
 * holds the only copy: once it closes the secret is dropped.
 */
@Component({
  selector: 'gw-key-reveal-dialog',
  imports: [CodeSnippetsComponent, IconComponent, MatButtonModule, MatDialogModule],
  templateUrl: './key-reveal-dialog.component.html',
  styleUrl: './key-reveal-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeyRevealDialogComponent {
  private readonly clipboard = inject(Clipboard);
  private readonly notify = inject(NotifyService);
  private readonly auth = inject(AuthService);
  private readonly dialogRef = inject<MatDialogRef<KeyRevealDialogComponent>>(MatDialogRef);
  protected readonly created = inject<CreatedKeyView>(MAT_DIALOG_DATA);
  protected readonly secret = signal<string | null>(this.created.key);
  protected readonly copied = signal(false);
  protected readonly baseUrl = window.location.origin;
  private readonly models = toSignal(inject(ModelsApiService).list().pipe(catchError(() => of([] as ModelView[]))), { initialValue: [] as ModelView[] });
  /** The key's first allowed model, else the first its owner's tier may use. */
  private readonly model = computed(() => this.created.models[0] ?? usableModels(this.models(), this.auth.user()?.tier)[0]?.name ?? null);
  /** Ready-to-run calls with this key in them: gone with the key when the dialog closes. */
  protected readonly snippets = computed(() => {
    const key = this.secret();
    const model = this.model();
    if (!key || !model) return [];
    const hello = [{ role: 'user' as const, content: 'Hello!' }];
    return [...snippetsFor({ baseUrl: this.baseUrl, model, format: 'openai', messages: hello, apiKey: key }), ...agentSettings(this.baseUrl, model, key)];
  });

  constructor() {
    this.dialogRef.disableClose = true;
  }

  protected async copy(): Promise<void> {
    const secret = this.secret();
    if (!secret) return;
    const ok = await copyText(secret, this.clipboard);
    this.copied.set(ok);
    if (ok) this.notify.ok('Key copied to the clipboard');
    else this.notify.fail('Could not copy: select the key and copy it by hand');
  }

  protected done(): void {
    this.secret.set(null);
    this.dialogRef.close();
  }
}
