import { BreakpointObserver } from '@angular/cdk/layout';
import { TestBed } from '@angular/core/testing';
import { BehaviorSubject } from 'rxjs';
import type { RowAction } from './row-action';
import { RowActionsComponent } from './row-actions.component';

describe('RowActionsComponent', () => {
  const phone = new BehaviorSubject({ matches: false, breakpoints: {} });
  let edited: ReturnType<typeof vi.fn<() => void>>;
  let actions: RowAction[];

  beforeEach(() => {
    edited = vi.fn<() => void>();
    actions = [
      { label: 'Edit', ariaLabel: 'Edit mock-1', icon: 'edit', run: edited },
      { label: 'Revoke', ariaLabel: 'Revoke key mock-1', class: 'revoke', danger: true, run: vi.fn() },
      { label: 'Check', icon: 'health', disabled: true, run: vi.fn() },
    ];
    TestBed.configureTestingModule({ providers: [{ provide: BreakpointObserver, useValue: { observe: () => phone } }] });
  });

  async function render(onPhone: boolean) {
    phone.next({ matches: onPhone, breakpoints: {} });
    const fixture = TestBed.createComponent(RowActionsComponent);
    fixture.componentRef.setInput('actions', actions);
    fixture.componentRef.setInput('subject', 'mock-1');
    await fixture.whenStable();
    return { fixture, el: fixture.nativeElement as HTMLElement };
  }

  it('shows each action as a button named for its row on a desktop', async () => {
    const { el } = await render(false);
    const buttons = [...el.querySelectorAll('button')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['Edit mock-1', 'Revoke key mock-1', 'Check']);
    expect(buttons[1].classList).toContain('revoke');
    expect(buttons[1].textContent?.trim()).toBe('Revoke');
    expect(buttons[2].disabled).toBe(true);
    buttons[0].click();
    expect(edited).toHaveBeenCalled();
  });

  it('folds the actions into one menu button on a phone', async () => {
    const { fixture, el } = await render(true);
    const buttons = el.querySelectorAll('button');
    expect(buttons.length).toBe(1);
    expect(buttons[0].getAttribute('aria-label')).toBe('Actions for mock-1');
    buttons[0].click();
    await fixture.whenStable();
    const items = [...document.querySelectorAll('[mat-menu-item]')].map((i) => i.textContent?.trim());
    expect(items).toEqual(['Edit', 'Revoke', 'Check']);
  });
});
