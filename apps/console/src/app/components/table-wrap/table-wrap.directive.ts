import { DestroyRef, Directive, ElementRef, inject, Renderer2 } from '@angular/core';

/**
 * On every `.gw-table-wrap`: when the table is wider than its box, a line above it says so and
 * the right edge fades until the user has scrolled to the end (`gw-scrolls`, `gw-at-end`).
 */
@Directive({ selector: '.gw-table-wrap' })
export class TableWrapDirective {
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
  private readonly renderer = inject(Renderer2);
  private readonly hint: HTMLElement = this.renderer.createElement('p');

  constructor() {
    this.renderer.addClass(this.hint, 'gw-scroll-hint');
    this.renderer.setAttribute(this.hint, 'data-testid', 'scroll-hint');
    this.renderer.appendChild(this.hint, this.renderer.createText('Scroll sideways for more columns →'));
    this.hint.hidden = true;
    // Test DOMs have no layout (nor ResizeObserver): there is nothing to measure there.
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.update());
    queueMicrotask(() => {
      this.host.parentNode?.insertBefore(this.hint, this.host);
      observer?.observe(this.host);
      // The table grows as rows arrive; the box alone would not notice.
      const table = this.host.querySelector('table');
      if (table) observer?.observe(table);
      this.update();
    });
    const unlisten = this.renderer.listen(this.host, 'scroll', () => this.update());
    inject(DestroyRef).onDestroy(() => {
      observer?.disconnect();
      unlisten();
      this.hint.remove();
    });
  }

  private update(): void {
    const { scrollWidth, clientWidth, scrollLeft } = this.host;
    const scrolls = scrollWidth > clientWidth + 1;
    this.hint.hidden = !scrolls;
    this.host.classList.toggle('gw-scrolls', scrolls);
    this.host.classList.toggle('gw-at-end', scrollLeft + clientWidth >= scrollWidth - 1);
  }
}
