import { createHmac } from 'node:crypto';
import type { AppConfig } from '@gateway/config';
import type { JobQueues } from '@gateway/queue';
import { MAX_ATTEMPTS, retryDelayMs } from '../delivery-policy';
import type { WebhookDeliveriesRepository } from '../webhook-deliveries.repository';
import type { WebhookSecrets } from '../webhook-secrets';
import type { SendOutcome, WebhookSender } from '../webhook-sender';
import { signatureHeader } from '../webhook-signature';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor';

const SECRET = 'whsec_test-secret';
const payload = { id: 'd1', type: 'balance.low', createdAt: '2026-01-01T00:00:00.000Z', data: { balanceUsd: 1 }, text: 'low' };

function setup(outcome: SendOutcome, claimed = true) {
  const deliveries = {
    claim: jest.fn(async () => (claimed ? { delivery: { id: 'd1', event: 'balance.low', payload }, webhook: { url: 'https://example.com/h', secretEnc: 'sealed', disabledAt: null } } : null)),
    record: jest.fn(async () => undefined),
  };
  const sender = { send: jest.fn(async () => outcome) };
  const queues = { add: jest.fn(async () => ({})) };
  const config = { webhooks: { retryBaseMs: 1000 } } as AppConfig;
  const secrets = { open: () => SECRET } as unknown as WebhookSecrets;
  const processor = new WebhookDeliveryProcessor(
    config,
    deliveries as unknown as WebhookDeliveriesRepository,
    secrets,
    sender as unknown as WebhookSender,
    queues as unknown as JobQueues,
  );
  return { processor, deliveries, sender, queues };
}

describe('WebhookDeliveryProcessor: one attempt per job', () => {
  it('signs the body it sends as t=<seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">', async () => {
    expect(signatureHeader('key', '{"a":1}', 1700000000)).toBe(`t=1700000000,v1=${createHmac('sha256', 'key').update('1700000000.{"a":1}').digest('hex')}`);
    const { processor, sender } = setup({ ok: true, statusCode: 204, error: null });
    await processor.process({ deliveryId: 'd1', attempt: 1 });
    const [url, body, headers] = sender.send.mock.calls[0] as unknown as [string, string, Record<string, string>];
    expect(url).toBe('https://example.com/h');
    expect(JSON.parse(body)).toEqual(payload);
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'x-gateway-event': 'balance.low', 'x-gateway-delivery': 'd1' });
    const t = Number(/^t=(\d+),/.exec(headers['x-gateway-signature'])![1]);
    expect(headers['x-gateway-signature']).toBe(signatureHeader(SECRET, body, t));
  });

  it('records a 2xx as delivered and enqueues nothing more', async () => {
    const { processor, deliveries, queues } = setup({ ok: true, statusCode: 200, error: null });
    expect(await processor.process({ deliveryId: 'd1', attempt: 2 })).toMatchObject({ status: 'delivered' });
    expect(deliveries.record).toHaveBeenCalledWith('d1', { attempts: 2, status: 'delivered', lastStatusCode: 200, lastError: null, retryInMs: null });
    expect(queues.add).not.toHaveBeenCalled();
  });

  it('schedules the next attempt after the backoff, and scrubs the secret from the error', async () => {
    const { processor, deliveries, queues } = setup({ ok: false, statusCode: 500, error: `HTTP 500: echoed ${SECRET}` });
    await processor.process({ deliveryId: 'd1', attempt: 2 });
    expect(deliveries.record).toHaveBeenCalledWith('d1', { attempts: 2, status: 'pending', lastStatusCode: 500, lastError: 'HTTP 500: echoed [redacted]', retryInMs: 6000 });
    expect(queues.add).toHaveBeenCalledWith('webhook-delivery', { deliveryId: 'd1', attempt: 3 }, 'webhook-d1-3', 6000);
  });

  it('fails the delivery after the last attempt', async () => {
    const { processor, deliveries, queues } = setup({ ok: false, statusCode: null, error: 'timed out after 10000 ms' });
    await processor.process({ deliveryId: 'd1', attempt: MAX_ATTEMPTS });
    expect(deliveries.record).toHaveBeenCalledWith('d1', expect.objectContaining({ status: 'failed', attempts: MAX_ATTEMPTS, retryInMs: null }));
    expect(queues.add).not.toHaveBeenCalled();
  });

  it('skips an attempt another job has claimed or made', async () => {
    const { processor, sender, deliveries } = setup({ ok: true, statusCode: 200, error: null }, false);
    expect(await processor.process({ deliveryId: 'd1', attempt: 1 })).toEqual({ skipped: true });
    expect(sender.send).not.toHaveBeenCalled();
    expect(deliveries.record).not.toHaveBeenCalled();
  });

  it('backs off 10 s, 1 min, 5 min, 30 min, 2 h with the default base', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => retryDelayMs(a, 10_000))).toEqual([10_000, 60_000, 300_000, 1_800_000, 7_200_000, null]);
  });
});
