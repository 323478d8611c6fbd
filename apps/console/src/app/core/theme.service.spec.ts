import { TestBed } from '@angular/core/testing';
import { ThemeService } from './theme.service';

describe('ThemeService', () => {
  beforeEach(() => localStorage.clear());

  it('follows the system until a theme is chosen, then remembers the choice', () => {
    const theme = TestBed.inject(ThemeService);
    TestBed.tick();
    expect(theme.mode()).toBe('system');
    expect(document.documentElement.dataset['theme']).toBe('system');

    theme.mode.set('dark');
    TestBed.tick();
    expect(document.documentElement.dataset['theme']).toBe('dark');
    expect(localStorage.getItem('gw.theme')).toBe('dark');

    theme.mode.set('system');
    TestBed.tick();
    expect(localStorage.getItem('gw.theme')).toBeNull();
  });

  it('starts from the remembered choice and ignores a value it does not know', () => {
    localStorage.setItem('gw.theme', 'light');
    expect(TestBed.inject(ThemeService).mode()).toBe('light');
    TestBed.resetTestingModule();
    localStorage.setItem('gw.theme', 'sepia');
    expect(TestBed.inject(ThemeService).mode()).toBe('system');
  });
});
