/** The From / To pair of a date filter: an error message, or null when the range can be asked for. */
export function rangeProblem(from: string, to: string): string | null {
  if (from && to && from > to) return 'From must not be after To';
  return null;
}

export const LEDGER_TYPE_LABELS: Record<string, string> = {
  grant: 'Grant',
  charge: 'Charge',
  refund: 'Refund',
  adjustment: 'Adjustment',
};
