import { fieldLabel, fieldPathLabel, humanizeMessage } from './field-labels';

describe('field labels', () => {
  it('uses the known labels and splits other camel-case names', () => {
    expect(fieldLabel('lowBalanceUsd')).toBe('Low-balance alert (USD)');
    expect(fieldLabel('inputPriceUsdPerMTok')).toBe('Input price ($/MTok)');
    expect(fieldLabel('maxRetries')).toBe('Max retries');
    expect(fieldLabel('webhookUrl')).toBe('Webhook URL');
  });

  it('says which item of a list a nested field belongs to', () => {
    expect(fieldPathLabel('targets.1.weight')).toBe('Weight (target 2)');
    expect(fieldPathLabel('budget.period')).toBe('Period');
  });

  it('rewrites only messages that start with a field name', () => {
    expect(humanizeMessage('timeoutMs must not be less than 100')).toBe('Timeout (ms) must not be less than 100');
    expect(humanizeMessage('name may hold letters, digits, spaces and . _ : ( ) -')).toBe('Name may hold letters, digits, spaces and . _ : ( ) -');
    expect(humanizeMessage('OpenAI is down')).toBe('OpenAI is down');
    expect(humanizeMessage('email already registered')).toBe('email already registered');
  });
});
