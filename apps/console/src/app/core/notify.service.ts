import { inject, Injectable } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { errorText } from './api-error';

/** Toasts for success and failure. */
@Injectable({ providedIn: 'root' })
export class NotifyService {
  private readonly snackBar = inject(MatSnackBar);

  ok(message: string): void {
    this.snackBar.open(message, 'Close', { panelClass: 'gw-toast-ok' });
  }

  fail(err: unknown, prefix?: string): void {
    const text = typeof err === 'string' ? err : errorText(err);
    this.snackBar.open(prefix ? `${prefix}: ${text}` : text, 'Close', { duration: 8000, panelClass: 'gw-toast-error' });
  }
}
