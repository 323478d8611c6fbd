import { inject, LOCALE_ID, Pipe, PipeTransform } from '@angular/core';
import { formatMoney, MoneyDigits } from './money';

/** `{{ balance | money }}` → `$12.50`; `| money: 6` for a column of small costs; `'auto'` for a lone small figure; `'full'` for a hover title. */
@Pipe({ name: 'money' })
export class MoneyPipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);

  transform(value: number | null | undefined, digits: MoneyDigits = 2): string {
    return formatMoney(value, digits, this.locale);
  }
}
