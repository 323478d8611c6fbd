import { type UsageRecord, usageRecordJson } from './usage-record';

const base: UsageRecord = {
  requestId: 'req-1',
  userId: 'user-1',
  keyId: 'key-1',
  teamId: null,
  tier: 'free',
  model: 'gpt-x',
  providerId: 'prov-1',
  provider: 'openai',
  upstreamModel: 'gpt-x-2026',
  endpoint: '/v1/chat/completions',
  stream: false,
  status: 200,
  promptTokens: 12,
  completionTokens: 20,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  usageSource: 'reported',
  costMicros: 52,
  cacheSavingsMicros: 0,
  latencyMs: 25,
  ttftMs: null,
  attempts: 1,
  error: null,
  createdAt: 1_796_431_436_409,
  origin: 'i1',
};

describe('usageRecordJson', () => {
  it('leaves out the fields that hold the value the usage writer reads a missing one as', () => {
    const parsed = JSON.parse(usageRecordJson(base)) as Record<string, unknown>;
    for (const key of ['teamId', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens', 'usageSource', 'cacheSavingsMicros', 'ttftMs', 'error']) {
      expect(parsed).not.toHaveProperty(key);
    }
    expect(parsed).toEqual({ ...base, teamId: undefined, cacheReadTokens: undefined, cacheWriteTokens: undefined, reasoningTokens: undefined, usageSource: undefined, cacheSavingsMicros: undefined, ttftMs: undefined, error: undefined });
    expect(usageRecordJson(base).length).toBeLessThan(JSON.stringify(base).length * 0.8);
  });

  it('keeps every field that differs from its default, and the ones that have none even when zero or null', () => {
    const record: UsageRecord = {
      ...base,
      teamId: 'team-1',
      keyId: null,
      providerId: null,
      promptTokens: 0,
      completionTokens: 0,
      costMicros: 0,
      cacheReadTokens: 5,
      cacheWriteTokens: 6,
      reasoningTokens: 7,
      usageSource: 'estimated',
      cacheSavingsMicros: 8,
      ttftMs: 9,
      error: 'upstream said "no"\twith a tab',
      stream: true,
    };
    expect(JSON.parse(usageRecordJson(record))).toEqual(record);
  });
});
