import type { AbstractControl, ValidationErrors } from '@angular/forms';
import type { ParamMap } from '@angular/router';
import type { AuditFilters } from '../../api/audit-api.service';
import { rangeProblem } from '../../core/date-range';

export type AuditFilterForm = Record<'actor' | 'action' | 'targetType' | 'targetId' | 'from' | 'to', string>;

export const FILTER_NAMES: Array<keyof AuditFilterForm> = ['actor', 'action', 'targetType', 'targetId', 'from', 'to'];

/** Offered as suggestions; any action (or `prefix.*`) may be typed. */
export const KNOWN_ACTIONS = [
  'auth.*',
  'auth.login',
  'auth.login.failed',
  'auth.logout',
  'auth.refresh.reuse',
  'auth.refresh.refused',
  'user.register',
  'user.update',
  'key.*',
  'key.create',
  'key.update',
  'key.revoke',
  'provider.*',
  'model.*',
  'credits.grant',
  'credits.adjust',
  'team.*',
  'team.member.*',
  'webhook.*',
  'tool.*',
  'job.*',
  'sso.settings.update',
  'audit.prune',
];

export const KNOWN_TARGET_TYPES = ['user', 'api_key', 'provider', 'model', 'team', 'webhook', 'tool', 'job', 'sso', 'audit_log'];

/** The API's own patterns, checked before asking it. */
export const ACTION_PATTERN = /^[a-z0-9_.]{1,64}\*?$/;
export const TARGET_TYPE_PATTERN = /^[a-z_]{1,40}$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A group validator: `from` after `to` is refused (days compare as `YYYY-MM-DD` strings). */
export function fromNotAfterTo(group: AbstractControl): ValidationErrors | null {
  const { from, to } = group.value as Partial<AuditFilterForm>;
  return rangeProblem(from, to) ? { fromAfterTo: true } : null;
}

export function filtersFromQuery(q: ParamMap): AuditFilterForm {
  return Object.fromEntries(FILTER_NAMES.map((name) => [name, q.get(name) ?? ''])) as AuditFilterForm;
}

/** The URL's query params: empty filters dropped (null removes them from the URL). */
export const filtersToQuery = (form: AuditFilterForm): Record<string, string | null> =>
  Object.fromEntries(FILTER_NAMES.map((name) => [name, form[name].trim() || null]));

/** What the API is asked for, with the actor already resolved to a user id. */
export const toApiFilters = (form: AuditFilterForm, actorId: string | null): AuditFilters => ({
  actor: actorId,
  action: form.action.trim() || null,
  targetType: form.targetType.trim() || null,
  targetId: form.targetId.trim() || null,
  from: form.from || null,
  to: form.to || null,
});
