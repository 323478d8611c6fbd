import type { MappingForm, RuleForm, SsoForm } from './sso-form';

type FieldName = Exclude<keyof SsoForm, 'mapping'>;
type MappingField = Exclude<keyof MappingForm, 'rules'>;

const FIELD_LABELS: Record<FieldName, string> = {
  enabled: 'Enabled',
  displayName: 'Button label',
  issuerUrl: 'Issuer URL',
  clientId: 'Client ID',
  clientSecret: 'Client secret',
  scopes: 'Scopes',
  redirectUrl: 'Redirect URL',
  postLogoutRedirectUrl: 'Post-logout redirect URL',
  allowedDomains: 'Allowed email domains',
  ssoRequired: 'SSO required',
  breakGlassEmails: 'Break-glass admins',
  trustEmail: 'Trust the provider’s emails',
};
const MAPPING_LABELS: Record<MappingField, string> = {
  groupsClaim: 'Groups claim',
  defaultRole: 'Default role',
  defaultTier: 'Default tier',
};
const RULE_LABELS: Record<keyof RuleForm, string> = {
  claim: 'claim',
  value: 'value',
  role: 'role',
  tier: 'tier',
  team: 'team',
  teamRole: 'team role',
};

/** An API validation message made readable, with the form field it is about (if one). */
export type SsoError =
  | { kind: 'field'; field: FieldName; text: string }
  | { kind: 'mapping'; field: MappingField; text: string }
  | { kind: 'rule'; index: number; field: keyof RuleForm; text: string }
  | { kind: 'form'; text: string };

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
const has = <K extends string>(labels: Record<K, string>, name: string): name is K => Object.hasOwn(labels, name);

/** The field names the API uses (`issuerUrl must be …`, `each value in breakGlassEmails …`) replaced by the form's labels. */
export function readableSsoError(message: string): SsoError {
  const rule = /^claimMapping: rules\[(\d+)\]\.(\w+) (.*)$/.exec(message);
  if (rule && has(RULE_LABELS, rule[2])) {
    const index = Number(rule[1]);
    return { kind: 'rule', index, field: rule[2], text: `Mapping rule ${index + 1}: ${RULE_LABELS[rule[2]]} ${rule[3]}` };
  }
  const mapping = /^claimMapping: (\w+) (.*)$/.exec(message);
  if (mapping && has(MAPPING_LABELS, mapping[1])) {
    return { kind: 'mapping', field: mapping[1], text: `${MAPPING_LABELS[mapping[1]]} ${mapping[2]}` };
  }
  const names = Object.keys(FIELD_LABELS).filter((name) => new RegExp(`\\b${name}\\b`).test(message)) as FieldName[];
  const labelled = names.reduce(
    (out, name) => out.replace(new RegExp(`\\b${name}\\b`, 'g'), FIELD_LABELS[name]),
    message.replace(/^claimMapping:? /, 'Claim mapping '),
  );
  const text = capital(labelled);
  return names.length ? { kind: 'field', field: names[0], text } : { kind: 'form', text };
}
