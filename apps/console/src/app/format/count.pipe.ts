import { inject, LOCALE_ID, Pipe, PipeTransform } from '@angular/core';
import { formatCount } from './money';

/** `{{ tokens | count }}` → `1,234,567`. */
@Pipe({ name: 'count' })
export class CountPipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);

  transform(value: number | null | undefined): string {
    return formatCount(value, this.locale);
  }
}
