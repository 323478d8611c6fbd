export const LEDGER_TYPE_LABELS: Record<string, string> = {
  grant: 'Grant',
  charge: 'Charge',
  refund: 'Refund',
  adjustment: 'Adjustment',
};
