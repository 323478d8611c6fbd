import type { JobState, ProviderType, Role, TeamRole, Tier } from '@gateway/contracts';

/**
 * The console's copies of the contract's unions. Typed as records so adding or
 * removing a member in the contracts breaks this build until the console follows.
 */
export const TIER_LABELS: Record<Tier, string> = { free: 'Free', pro: 'Pro', enterprise: 'Enterprise' };
export const ROLE_LABELS: Record<Role, string> = { user: 'User', admin: 'Admin' };
export const TEAM_ROLE_LABELS: Record<TeamRole, string> = { member: 'Member', owner: 'Owner' };
export const JOB_STATE_LABELS: Record<JobState, string> = {
  waiting: 'Waiting',
  active: 'Active',
  delayed: 'Delayed',
  completed: 'Completed',
  failed: 'Failed',
};
export const PROVIDER_TYPE_INFO: Record<ProviderType, { label: string; baseUrl: string }> = {
  openai: { label: 'OpenAI', baseUrl: 'https://api.openai.com/v1' },
  anthropic: { label: 'Anthropic', baseUrl: 'https://api.anthropic.com' },
  gemini: { label: 'Google Gemini', baseUrl: 'https://generativelanguage.googleapis.com' },
  ollama: { label: 'Ollama', baseUrl: 'http://localhost:11434' },
  'openai-compatible': { label: 'OpenAI-compatible', baseUrl: 'http://localhost:8000/v1' },
  mock: { label: 'Mock (built-in test provider)', baseUrl: '' },
};

export const keysOf = <K extends string>(record: Record<K, unknown>): K[] => Object.keys(record) as K[];
