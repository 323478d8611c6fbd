import { inject, LOCALE_ID, Pipe, PipeTransform } from '@angular/core';
import { DateInput, formatWhen } from './dates';

/** `{{ createdAt | when }}` → `3 Dec 2026, 14:05`; `| when: 'date'` → `3 Dec 2026`; a third argument names a time zone. */
@Pipe({ name: 'when' })
export class WhenPipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);

  transform(value: DateInput, style: 'dateTime' | 'date' = 'dateTime', timeZone?: string): string {
    return formatWhen(value, style === 'dateTime', this.locale, timeZone);
  }
}
