import type { AdmitRequest } from './credit-gate';

/** The marker of a settled request in a figure's hash: a settlement applies once. */
export const SETTLED_MARKER = 'settled:';

const subject = (req: AdmitRequest) => req.keyId ?? `u:${req.accountId}`;

/** The admission script's KEYS (see ADMIT); budget hashes absent are `bg:none`, team limits absent `rl:t:none`. */
export function admitKeys(req: AdmitRequest, holds: string, prefix = ''): string[] {
  const s = subject(req);
  const team = req.teamId ?? 'none';
  return [
    `${prefix}rl:${s}:r`,
    `${prefix}rl:${s}:t`,
    `${prefix}bal:${req.accountId}`,
    `${prefix}bg:${req.keyBudget?.figure ?? 'none'}`,
    prefix + holds,
    `${prefix}bg:${req.accountBudget?.figure ?? 'none'}`,
    `${prefix}rl:t:${team}:r`,
    `${prefix}rl:t:${team}:t`,
  ];
}

/** `accountId|keyBudget|accountBudget|requestId` (budget hashes unprefixed, empty when none); the script appends the hold. */
export function holdMember(req: AdmitRequest): string {
  const budget = (b: AdmitRequest['keyBudget']) => (b ? `bg:${b.figure}` : '');
  return `${req.accountId}|${budget(req.keyBudget)}|${budget(req.accountBudget)}|${req.requestId}`;
}
