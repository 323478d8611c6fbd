import { ChangeDetectionStrategy, Component, LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FORMAT_PIPES } from './index';
import { MINUS } from './money';

@Component({
  imports: [FORMAT_PIPES],
  template: `
    <span id="charge">{{ -0.000022 | money: 6 }}</span>
    <span id="balance" [title]="499.985812 | money: 'full'">{{ 499.985812 | money }}</span>
    <span id="none">{{ null | money }}</span>
    <span id="tokens">{{ 1234567 | count }}</span>
    <span id="when">{{ at | when }}</span>
    <span id="day">{{ at | when: 'date' }}</span>
    <span id="ago">{{ fiveMinutesAgo | ago }}</span>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
class HostComponent {
  readonly at = new Date(2026, 11, 3, 14, 5);
  readonly fiveMinutesAgo = Date.now() - 5 * 60_000;
}

describe('format pipes in a template', () => {
  it('render money, counts and dates in the agreed style under the app locale', async () => {
    TestBed.configureTestingModule({ providers: [{ provide: LOCALE_ID, useValue: 'en-US' }] });
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const text = (id: string) => (fixture.nativeElement as HTMLElement).querySelector(`#${id}`)!;
    expect(text('charge').textContent).toBe(`${MINUS}$0.000022`);
    expect(text('balance').textContent).toBe('$499.99');
    expect(text('balance').getAttribute('title')).toBe('$499.985812');
    expect(text('none').textContent).toBe('—');
    expect(text('tokens').textContent).toBe('1,234,567');
    expect(text('when').textContent).toBe('3 Dec 2026, 14:05');
    expect(text('day').textContent).toBe('3 Dec 2026');
    expect(text('ago').textContent).toBe('5 min ago');
  });
});
