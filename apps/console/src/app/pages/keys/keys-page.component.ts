import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { CreatedKeyView, KeyView } from '@gateway/contracts';
import { filter, switchMap } from 'rxjs';
import { KeysApiService } from '../../api/keys-api.service';
import { ConfirmDialogComponent, ConfirmDialogData } from '../../components/confirm-dialog/confirm-dialog.component';
import { IconComponent } from '../../components/icon/icon.component';
import { KeyFormDialogComponent } from '../../components/key-form-dialog/key-form-dialog.component';
import { KeyRevealDialogComponent } from '../../components/key-reveal-dialog/key-reveal-dialog.component';
import { num, usd } from '../../core/format';
import { NotifyService } from '../../core/notify.service';

@Component({
  selector: 'gw-keys-page',
  imports: [DatePipe, IconComponent, MatButtonModule, MatProgressBarModule, MatTableModule],
  templateUrl: './keys-page.component.html',
  styleUrl: './keys-page.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class KeysPageComponent {
  private readonly keysApi = inject(KeysApiService);
  private readonly dialog = inject(MatDialog);
  private readonly notify = inject(NotifyService);
  protected readonly usd = usd;
  protected readonly num = num;
  protected readonly loading = signal(true);
  protected readonly keys = signal<KeyView[]>([]);
  protected readonly columns = ['name', 'prefix', 'models', 'limits', 'quota', 'expiresAt', 'lastUsedAt', 'status', 'actions'];

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.keysApi.list().subscribe({
      next: (keys) => {
        this.keys.set(keys);
        this.loading.set(false);
      },
      error: (err: unknown) => {
        this.loading.set(false);
        this.notify.fail(err, 'Could not load your keys');
      },
    });
  }

  protected create(): void {
    this.dialog
      .open<KeyFormDialogComponent, void, CreatedKeyView>(KeyFormDialogComponent, { width: '560px', maxWidth: '95vw' })
      .afterClosed()
      .pipe(filter((created): created is CreatedKeyView => !!created))
      .subscribe((created) => {
        this.notify.ok(`Key "${created.name}" created`);
        this.dialog.open(KeyRevealDialogComponent, { data: created, width: '560px', maxWidth: '95vw' });
        this.load();
      });
  }

  protected revoke(key: KeyView): void {
    const data: ConfirmDialogData = {
      title: 'Revoke this key?',
      message: `"${key.name}" (${key.prefix}) stops working everywhere within a second. This cannot be undone.`,
      confirm: 'Revoke key',
    };
    this.dialog
      .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
      .afterClosed()
      .pipe(
        filter(Boolean),
        switchMap(() => this.keysApi.revoke(key.id)),
      )
      .subscribe({
        next: () => {
          this.notify.ok(`Key "${key.name}" revoked`);
          this.load();
        },
        error: (err: unknown) => this.notify.fail(err, 'Could not revoke the key'),
      });
  }

  protected status(key: KeyView): 'revoked' | 'expired' | 'active' {
    if (key.revokedAt) return 'revoked';
    if (key.expiresAt && Date.parse(key.expiresAt) < Date.now()) return 'expired';
    return 'active';
  }
}
