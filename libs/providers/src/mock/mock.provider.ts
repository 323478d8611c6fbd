import { createHash } from 'node:crypto';
import type { DiscoveredModel } from '@gateway/contracts';
import { ChunkFactory, usageOf } from '../common/chunks';
import { newId, nowSeconds } from '../common/ids';
import type { InProcessProvider, ProviderConfig } from '../provider-adapter.interface';
import { countCompletionTokens, countPromptTokens, countTextTokens } from '../token-counter';
import type { ChatChunk, ChatRequest, ChatResponse, EmbeddingsRequest, EmbeddingsResponse, Usage } from '../unified.types';
import { MOCK_MODELS, failureFor, replyFor, streamPieces, type MockReply } from './mock-reply';

function latencyOf(config: ProviderConfig): number {
  const header = Object.keys(config.headers).find((name) => name.toLowerCase() === 'x-mock-latency-ms');
  const value = Number(header ? config.headers[header] : 0);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  if (!ms) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function usageFor(request: ChatRequest, reply: MockReply): Usage {
  const completion = reply.kind === 'text' ? countCompletionTokens(reply.text) : countCompletionTokens(reply.name) + countCompletionTokens(reply.arguments);
  return usageOf(countPromptTokens(request), completion);
}

/** Unit vector of `dimensions` numbers derived from a hash of the text. */
function vectorFor(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (const byte of digest) if (values.length < dimensions) values.push(byte / 127.5 - 1);
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((value) => value / norm);
}

/** The built-in fake provider (type `mock`); see mock-reply.ts for its models. */
export class MockProvider implements InProcessProvider {
  async complete(config: ProviderConfig, request: ChatRequest, upstreamModel: string, signal: AbortSignal): Promise<ChatResponse> {
    await sleep(latencyOf(config), signal);
    const failure = failureFor(upstreamModel);
    if (failure) throw failure;
    const reply = replyFor(request, upstreamModel);
    const toolCalls = reply.kind === 'tool' ? [{ id: newId('call_'), type: 'function' as const, function: { name: reply.name, arguments: reply.arguments } }] : undefined;
    return {
      id: newId('chatcmpl-'),
      object: 'chat.completion',
      created: nowSeconds(),
      model: upstreamModel,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.kind === 'text' ? reply.text : null, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: reply.finishReason }],
      usage: usageFor(request, reply),
    };
  }

  async *stream(config: ProviderConfig, request: ChatRequest, upstreamModel: string, signal: AbortSignal): AsyncIterable<ChatChunk> {
    const latency = latencyOf(config);
    await sleep(latency, signal);
    const failure = failureFor(upstreamModel);
    if (failure) throw failure;
    const reply = replyFor(request, upstreamModel);
    const chunks = new ChunkFactory(upstreamModel);
    yield chunks.delta({ role: 'assistant', content: '' });
    if (reply.kind === 'tool') {
      yield chunks.delta({ tool_calls: [{ index: 0, id: newId('call_'), type: 'function', function: { name: reply.name, arguments: '' } }] });
      await sleep(latency, signal);
      yield chunks.delta({ tool_calls: [{ index: 0, function: { arguments: reply.arguments } }] });
    } else {
      for (const piece of streamPieces(reply.text)) {
        await sleep(latency, signal);
        yield chunks.delta({ content: piece });
      }
    }
    yield chunks.delta({}, reply.finishReason);
    yield chunks.usage(usageFor(request, reply));
  }

  async embed(_config: ProviderConfig, request: EmbeddingsRequest, upstreamModel: string): Promise<EmbeddingsResponse> {
    const inputs = Array.isArray(request.input) ? request.input : [request.input];
    const tokens = inputs.reduce((sum, text) => sum + countTextTokens(text), 0);
    return {
      object: 'list',
      data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text, request.dimensions ?? 8) })),
      model: upstreamModel,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  }

  listModels(): DiscoveredModel[] {
    return MOCK_MODELS.map((model) => ({ ...model, ownedBy: 'mock' }));
  }
}
