import { DOCUMENT, effect, inject, Injectable, signal } from '@angular/core';

export type ThemeMode = 'system' | 'light' | 'dark';
export const THEME_MODES: readonly ThemeMode[] = ['system', 'light', 'dark'];
const KEY = 'gw.theme';

const stored = (): ThemeMode => {
  const value = localStorage.getItem(KEY);
  return THEME_MODES.includes(value as ThemeMode) ? (value as ThemeMode) : 'system';
};

/**
 * Light, dark, or whatever the system prefers. The stylesheet themes through `light-dark()`,
 * so choosing only sets `color-scheme` on the root (via `data-theme`); the choice is remembered.
 */
@Injectable({ providedIn: 'root' })
export class ThemeService {
  private readonly root = inject(DOCUMENT).documentElement;
  readonly mode = signal<ThemeMode>(stored());

  constructor() {
    effect(() => {
      const mode = this.mode();
      this.root.dataset['theme'] = mode;
      if (mode === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, mode);
    });
  }
}
