import { inject, Injectable } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';
import { errorText } from './api-error';

/** Toasts for success, things that worked but need attention (a provider is down), and failure. */
@Injectable({ providedIn: 'root' })
export class NotifyService {
  private readonly snackBar = inject(MatSnackBar);

  ok(message: string): void {
    this.snackBar.open(message, 'Close', { panelClass: 'gw-toast-ok' });
  }

  warn(message: string): void {
    this.snackBar.open(message, 'Close', { duration: 8000, panelClass: 'gw-toast-warn' });
  }

  fail(err: unknown, prefix?: string): void {
    const text = typeof err === 'string' ? err : errorText(err);
    this.snackBar.open(prefix ? `${prefix}: ${text}` : text, 'Close', { duration: 8000, panelClass: 'gw-toast-error' });
  }
}
