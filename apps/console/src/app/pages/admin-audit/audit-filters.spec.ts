import { FormControl, FormGroup } from '@angular/forms';
import { convertToParamMap } from '@angular/router';
import { ACTION_PATTERN, filtersFromQuery, filtersToQuery, fromNotAfterTo, toApiFilters } from './audit-filters';

const empty = { actor: '', action: '', targetType: '', targetId: '', from: '', to: '' };

describe('audit filters', () => {
  it('refuses From after To, and accepts the same day or an open end', () => {
    const group = (from: string, to: string) => new FormGroup({ from: new FormControl(from), to: new FormControl(to) });
    expect(fromNotAfterTo(group('2025-03-08', '2025-03-07'))).toEqual({ fromAfterTo: true });
    expect(fromNotAfterTo(group('2025-03-07', '2025-03-07'))).toBeNull();
    expect(fromNotAfterTo(group('2025-03-08', ''))).toBeNull();
    expect(fromNotAfterTo(group('', '2025-03-01'))).toBeNull();
  });

  it('round-trips through the URL, leaving out empty filters', () => {
    const form = { ...empty, action: 'key.*', from: '2025-03-01' };
    const query = filtersToQuery(form);
    expect(query).toEqual({ actor: null, action: 'key.*', targetType: null, targetId: null, from: '2025-03-01', to: null });
    const params = convertToParamMap(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== null)));
    expect(filtersFromQuery(params)).toEqual(form);
  });

  it('asks the API with the resolved actor id in place of what was typed', () => {
    expect(toApiFilters({ ...empty, actor: 'ada@example.com', action: ' key.create ', targetId: ' k1 ' }, 'u1')).toEqual({
      actor: 'u1',
      action: 'key.create',
      targetType: null,
      targetId: 'k1',
      from: null,
      to: null,
    });
  });

  it('checks actions as the API does', () => {
    expect(['key.create', 'key.*', 'team.member.add'].every((a) => ACTION_PATTERN.test(a))).toBe(true);
    expect(['DROP TABLE', 'key.*.x', ''].some((a) => ACTION_PATTERN.test(a))).toBe(false);
  });
});
