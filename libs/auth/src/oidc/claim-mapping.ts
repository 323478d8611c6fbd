import { ROLES, TEAM_ROLES, TIERS, type ClaimMapping, type Role, type TeamRole, type Tier } from '@gateway/contracts';

export const EMPTY_MAPPING: ClaimMapping = { groupsClaim: 'groups', rules: [], defaultRole: null, defaultTier: null };

/** What the identity provider's claims grant. null role or tier: leave the user's as it is. */
export interface MappedAccess {
  role: Role | null;
  tier: Tier | null;
  /** Team slug -> role, for the teams the claims put the user in. */
  teams: Map<string, TeamRole>;
  /** Every team the mapping names: membership of these follows the claims (joined or left). */
  managedTeams: string[];
}

/** Apply the mapping to an ID token's claims. Admin wins over user, the highest tier wins, owner wins over member. */
export function mapClaims(mapping: ClaimMapping, claims: Record<string, unknown>): MappedAccess {
  const matched = mapping.rules.filter((rule) => claimValues(claims, rule.claim ?? mapping.groupsClaim).includes(rule.value));
  const roles = matched.map((r) => r.role).filter((r): r is Role => !!r);
  const tiers = matched.map((r) => r.tier).filter((t): t is Tier => !!t);
  const teams = new Map<string, TeamRole>();
  for (const rule of matched) {
    if (rule.team && teams.get(rule.team) !== 'owner') teams.set(rule.team, rule.teamRole ?? 'member');
  }
  return {
    role: roles.includes('admin') ? 'admin' : (roles[0] ?? mapping.defaultRole),
    tier: tiers.length ? tiers.reduce((a, b) => (TIERS.indexOf(b) > TIERS.indexOf(a) ? b : a)) : mapping.defaultTier,
    teams,
    managedTeams: [...new Set(mapping.rules.flatMap((r) => (r.team ? [r.team] : [])))],
  };
}

/**
 * A claim's values as strings: an array's string items, or a string split on spaces and commas.
 * A dotted name reads nested objects (Keycloak's `realm_access.roles`).
 */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  const value = name.split('.').reduce<unknown>((at, part) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[part] : undefined), claims);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/** The problems of a mapping read from JSON (the environment), as messages; empty when it is valid. */
export function mappingProblems(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['must be an object {groupsClaim, rules, defaultRole, defaultTier}'];
  const m = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (m.groupsClaim !== undefined && (typeof m.groupsClaim !== 'string' || !m.groupsClaim)) problems.push('groupsClaim must be a claim name');
  if (m.defaultRole != null && !ROLES.includes(m.defaultRole as Role)) problems.push(`defaultRole must be one of ${ROLES.join(', ')} or null`);
  if (m.defaultTier != null && !TIERS.includes(m.defaultTier as Tier)) problems.push(`defaultTier must be one of ${TIERS.join(', ')} or null`);
  if (m.rules !== undefined && !Array.isArray(m.rules)) problems.push('rules must be an array');
  ((Array.isArray(m.rules) ? m.rules : []) as Record<string, unknown>[]).forEach((r, i) => {
    if (!r || typeof r !== 'object' || typeof r.value !== 'string' || !r.value) problems.push(`rules[${i}].value must be a non-empty string`);
    else if (r.role !== undefined && !ROLES.includes(r.role as Role)) problems.push(`rules[${i}].role must be one of ${ROLES.join(', ')}`);
    else if (r.tier !== undefined && !TIERS.includes(r.tier as Tier)) problems.push(`rules[${i}].tier must be one of ${TIERS.join(', ')}`);
    else if (r.teamRole !== undefined && !TEAM_ROLES.includes(r.teamRole as TeamRole)) problems.push(`rules[${i}].teamRole must be one of ${TEAM_ROLES.join(', ')}`);
  });
  return problems;
}

/** A valid mapping from JSON with its defaults filled in. */
export function normaliseMapping(raw: unknown): ClaimMapping {
  if (raw == null) return EMPTY_MAPPING;
  const m = raw as Partial<ClaimMapping>;
  return { groupsClaim: m.groupsClaim ?? 'groups', rules: m.rules ?? [], defaultRole: m.defaultRole ?? null, defaultTier: m.defaultTier ?? null };
}
