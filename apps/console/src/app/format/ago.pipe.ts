import { inject, LOCALE_ID, Pipe, PipeTransform } from '@angular/core';
import { DateInput, formatAgo } from './dates';

/** `{{ lastUsedAt | ago }}` → `5 min ago`, as of when the view rendered (pair it with `| when` in a title). */
@Pipe({ name: 'ago' })
export class AgoPipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);

  transform(value: DateInput): string {
    return formatAgo(value, Date.now(), this.locale);
  }
}
