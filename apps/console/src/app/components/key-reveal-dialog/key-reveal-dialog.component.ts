import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { CreatedKeyView } from '@gateway/contracts';
import { copyText } from '../../core/copy-text';
import { NotifyService } from '../../core/notify.service';
import { IconComponent } from '../icon/icon.component';

/**
 * Shows a new key's plaintext, the only time it is ever visible. The dialog
 * holds the only copy: once it closes the secret is dropped.
 */
@Component({
  selector: 'gw-key-reveal-dialog',
  imports: [IconComponent, MatButtonModule, MatDialogModule],
  templateUrl: './key-reveal-dialog.component.html',
  styleUrl: './key-reveal-dialog.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeyRevealDialogComponent {
  private readonly clipboard = inject(Clipboard);
  private readonly notify = inject(NotifyService);
  private readonly dialogRef = inject<MatDialogRef<KeyRevealDialogComponent>>(MatDialogRef);
  protected readonly created = inject<CreatedKeyView>(MAT_DIALOG_DATA);
  protected readonly secret = signal<string | null>(this.created.key);
  protected readonly copied = signal(false);

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
