import type { ClaimMapping } from '@gateway/contracts';
import { claimValues, mapClaims, mappingProblems, normaliseMapping } from './claim-mapping';

const mapping: ClaimMapping = {
  groupsClaim: 'groups',
  rules: [
    { value: 'llm-admins', role: 'admin' },
    { value: 'staff', role: 'user', tier: 'pro' },
    { value: 'research', tier: 'enterprise' },
    { value: 'sales', team: 'sales' },
    { value: 'sales-leads', team: 'sales', teamRole: 'owner' },
    { claim: 'realm_access.roles', value: 'support', team: 'support' },
  ],
  defaultRole: 'user',
  defaultTier: null,
};

describe('mapClaims', () => {
  it('maps groups to role, tier and team membership', () => {
    const access = mapClaims(mapping, { groups: ['llm-admins', 'sales'] });
    expect(access.role).toBe('admin');
    expect(access.tier).toBeNull();
    expect([...access.teams]).toEqual([['sales', 'member']]);
    expect(access.managedTeams).toEqual(['sales', 'support']);
  });

  it('gives the default role when no rule names one, so a removed group demotes', () => {
    expect(mapClaims(mapping, { groups: ['sales'] }).role).toBe('user');
    expect(mapClaims({ ...mapping, defaultRole: null }, { groups: ['sales'] }).role).toBeNull();
    expect(mapClaims(mapping, {}).role).toBe('user');
  });

  it('lets admin win over user, the highest tier win, and owner win over member', () => {
    const access = mapClaims(mapping, { groups: ['sales-leads', 'staff', 'research', 'llm-admins', 'sales'] });
    expect(access.role).toBe('admin');
    expect(access.tier).toBe('enterprise');
    expect(access.teams.get('sales')).toBe('owner');
  });

  it('reads a rule’s own claim, nested by dots', () => {
    expect([...mapClaims(mapping, { realm_access: { roles: ['support'] } }).teams]).toEqual([['support', 'member']]);
  });

  it('matches whole values only', () => {
    expect(mapClaims(mapping, { groups: ['llm-admins-readonly', 'not-sales'] })).toMatchObject({ role: 'user', teams: new Map() });
  });
});

describe('claimValues', () => {
  it('reads arrays, space- or comma-separated strings, and ignores other shapes', () => {
    expect(claimValues({ g: ['a', 1, 'b'] }, 'g')).toEqual(['a', 'b']);
    expect(claimValues({ g: 'a b,c' }, 'g')).toEqual(['a', 'b', 'c']);
    expect(claimValues({ g: { a: 1 } }, 'g')).toEqual([]);
    expect(claimValues({}, 'a.b.c')).toEqual([]);
  });
});

describe('mappingProblems and normaliseMapping', () => {
  it('accepts a valid mapping and fills in the defaults', () => {
    expect(mappingProblems(mapping)).toEqual([]);
    expect(normaliseMapping({ rules: [{ value: 'x', role: 'admin' }] })).toEqual({ groupsClaim: 'groups', rules: [{ value: 'x', role: 'admin' }], defaultRole: null, defaultTier: null });
    expect(normaliseMapping(null).rules).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(mappingProblems([])).toEqual(['must be an object {groupsClaim, rules, defaultRole, defaultTier}']);
    expect(mappingProblems({ defaultRole: 'root', rules: [{ value: 'x', tier: 'gold' }, { role: 'admin' }] })).toEqual([
      'defaultRole must be one of admin, user or null',
      'rules[0].tier must be one of free, pro, enterprise',
      'rules[1].value must be a non-empty string',
    ]);
  });
});
