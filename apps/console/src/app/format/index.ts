import { AgoPipe } from './ago.pipe';
import { CountPipe } from './count.pipe';
import { MoneyPipe } from './money.pipe';
import { WhenPipe } from './when.pipe';

export { formatAgo, formatWhen } from './dates';
export { formatCount, formatMoney, moneyDigits } from './money';
export { AgoPipe, CountPipe, MoneyPipe, WhenPipe };

/** Every formatting pipe, for a component's `imports`. */
export const FORMAT_PIPES = [AgoPipe, CountPipe, MoneyPipe, WhenPipe] as const;
