import type { NotificationView, TeamView } from '@gateway/contracts';

const LABELS: Record<string, string> = { 'budget.threshold': 'Budget threshold', 'balance.low': 'Balance low' };

/** A type for people; an event type this console does not know yet shows as it is. */
export const notificationLabel = (type: string): string => LABELS[type] ?? type;

/** The team a notification is about, by name where the caller can see the team; "Personal" for a user's own. */
export function teamNameOf(n: Pick<NotificationView, 'teamId'>, teams: readonly Pick<TeamView, 'id' | 'name'>[]): string {
  if (!n.teamId) return 'Personal';
  return teams.find((t) => t.id === n.teamId)?.name ?? 'A team';
}
