import { createHash } from 'node:crypto';
import { countTextTokens } from '../token-counter';

const DEFAULT_DIMENSIONS = 8;
/** The largest vector the mock makes (real models top out near 4096); more would block the event loop. */
export const MAX_DIMENSIONS = 4096;

/** Unit vector of `dimensions` numbers derived from a hash of the text. */
function vectorFor(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (const byte of digest) if (values.length < dimensions) values.push(byte / 127.5 - 1);
  }
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0)) || 1;
  return values.map((value) => value / norm);
}

/** OpenAI's base64 form: the vector's little-endian float32 bytes. */
function toBase64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

/** OpenAI's embeddings list for string inputs (already validated). */
export function embeddingsBody(inputs: string[], model: string, dimensions = DEFAULT_DIMENSIONS, base64 = false): string {
  const tokens = inputs.reduce((sum, text) => sum + countTextTokens(text), 0);
  const data = inputs.map((text, index) => {
    const vector = vectorFor(text, dimensions);
    return { object: 'embedding', index, embedding: base64 ? toBase64(vector) : vector };
  });
  return JSON.stringify({ object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
}
