import { MatDialog } from '@angular/material/dialog';
import type { CreatedKeyView, KeyView } from '@gateway/contracts';
import { filter, map, Observable, tap } from 'rxjs';
import { ConfirmDialogComponent, ConfirmDialogData } from '../confirm-dialog/confirm-dialog.component';
import { KeyRevealDialogComponent } from '../key-reveal-dialog/key-reveal-dialog.component';
import { KeyRotateDialogComponent } from '../key-rotate-dialog/key-rotate-dialog.component';
import { KeyFormDialogComponent, KeyFormDialogData } from './key-form-dialog.component';

const WIDE = { width: '560px', maxWidth: '95vw' };

/** The key form, then (once created) the one-time reveal of its plaintext. Emits the created key. */
export function createKeyFlow(dialog: MatDialog, data: KeyFormDialogData = {}): Observable<CreatedKeyView> {
  return dialog
    .open<KeyFormDialogComponent, KeyFormDialogData, CreatedKeyView | KeyView>(KeyFormDialogComponent, { ...WIDE, data })
    .afterClosed()
    .pipe(
      filter((created): created is CreatedKeyView => !!created && 'key' in created),
      tap((created) => dialog.open(KeyRevealDialogComponent, { ...WIDE, data: created })),
    );
}

/** The key form on an existing key; emits the saved key. */
export function editKeyFlow(dialog: MatDialog, key: KeyView): Observable<KeyView> {
  return dialog
    .open<KeyFormDialogComponent, KeyFormDialogData, CreatedKeyView | KeyView>(KeyFormDialogComponent, { ...WIDE, data: { key } })
    .afterClosed()
    .pipe(filter((saved): saved is KeyView => !!saved));
}

/** Asks how long the old secret may live, rotates, then reveals the new secret once. Emits the new key. */
export function rotateKeyFlow(dialog: MatDialog, key: KeyView): Observable<CreatedKeyView> {
  return dialog
    .open<KeyRotateDialogComponent, KeyView, CreatedKeyView>(KeyRotateDialogComponent, { ...WIDE, data: key })
    .afterClosed()
    .pipe(
      filter((created): created is CreatedKeyView => !!created),
      tap((created) => dialog.open(KeyRevealDialogComponent, { ...WIDE, data: created })),
    );
}

/** Emits once the user confirms revoking `key`. */
export function confirmRevoke(dialog: MatDialog, key: KeyView): Observable<void> {
  const data: ConfirmDialogData = {
    title: 'Revoke this key?',
    message: `"${key.name}" (${key.prefix}) stops working everywhere within a second. This cannot be undone.`,
    confirm: 'Revoke key',
  };
  return dialog
    .open<ConfirmDialogComponent, ConfirmDialogData, boolean>(ConfirmDialogComponent, { data })
    .afterClosed()
    .pipe(
      filter(Boolean),
      map(() => undefined),
    );
}

/** After a rotation with a grace period: when the replaced secret stops working, while it still works. */
export function graceEnds(key: KeyView, now = Date.now()): string | null {
  return key.previousKeyExpiresAt && Date.parse(key.previousKeyExpiresAt) > now ? key.previousKeyExpiresAt : null;
}

export function keyStatus(key: KeyView): 'revoked' | 'expired' | 'active' {
  if (key.revokedAt) return 'revoked';
  if (key.expiresAt && Date.parse(key.expiresAt) < Date.now()) return 'expired';
  return 'active';
}
