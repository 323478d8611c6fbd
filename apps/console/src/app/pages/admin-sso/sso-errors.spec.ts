import { readableSsoError } from './sso-errors';

describe('readableSsoError', () => {
  it("names the form's field instead of the API's", () => {
    expect(readableSsoError('issuerUrl must be a URL address')).toEqual({
      kind: 'field',
      field: 'issuerUrl',
      text: 'Issuer URL must be a URL address',
    });
    expect(readableSsoError('scopes must start with "openid", space-separated')).toEqual({
      kind: 'field',
      field: 'scopes',
      text: 'Scopes must start with "openid", space-separated',
    });
    expect(readableSsoError('each value in breakGlassEmails must be an email')).toEqual({
      kind: 'field',
      field: 'breakGlassEmails',
      text: 'Each value in Break-glass admins must be an email',
    });
    expect(readableSsoError('postLogoutRedirectUrl must be an https URL').text).toBe('Post-logout redirect URL must be an https URL');
  });

  it('points a claim mapping problem at its rule (counted from 1) or setting', () => {
    expect(readableSsoError('claimMapping: rules[1].value must be a non-empty string')).toEqual({
      kind: 'rule',
      index: 1,
      field: 'value',
      text: 'Mapping rule 2: value must be a non-empty string',
    });
    expect(readableSsoError('claimMapping: rules[0].teamRole must be one of owner, member').text).toBe(
      'Mapping rule 1: team role must be one of owner, member',
    );
    expect(readableSsoError('claimMapping: groupsClaim must be a claim name')).toEqual({
      kind: 'mapping',
      field: 'groupsClaim',
      text: 'Groups claim must be a claim name',
    });
  });

  it('keeps a message about no field for the form as a whole', () => {
    expect(readableSsoError('property foo should not exist')).toEqual({ kind: 'form', text: 'Property foo should not exist' });
    expect(readableSsoError('claimMapping: must be an object {groupsClaim, rules, defaultRole, defaultTier}').kind).toBe('form');
  });
});
