import { Tiktoken, type TiktokenBPE } from 'js-tiktoken/lite';
import { parseDataUrl } from './common/content';
import type { ChatMessage, ChatRequest, ContentPart } from './unified.types';

const MESSAGE_OVERHEAD = 3;
const REPLY_PRIMING = 3;
const IMAGE_TOKENS = { low: 85, other: 765 };
/** Providers bill a PDF page as its text plus a page image: roughly 1,500 to 3,000 tokens. */
const PDF_PAGE_TOKENS = { counted: 1500, estimated: 3000 };
/** Without page objects to count (compressed object streams), a page per this many bytes. */
const PDF_BYTES_PER_PAGE = 100_000;
/** js-tiktoken's BPE is quadratic in a piece's bytes: long pieces (CJK, Thai, symbol runs) are counted in slices. */
const LONG_PIECE = 24;
const SLICE = { ascii: 32, other: 8 };
/** Pieces longer than this are counted on a sample and scaled. */
const SAMPLE = 2048;
const CACHE_LIMIT = 100_000;

let state: { encoder: Tiktoken; pattern: RegExp } | undefined;
/** Per-piece counts: words repeat, and one encode() call costs microseconds even for a single word. */
const pieceCounts = new Map<string, number>();

function load(): { encoder: Tiktoken; pattern: RegExp } {
  if (!state) {
    // Loaded on first use: the o200k ranks take most of a second to parse.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ranks = require('js-tiktoken/ranks/o200k_base') as TiktokenBPE;
    state = { encoder: new Tiktoken(ranks), pattern: new RegExp(ranks.pat_str, 'gu') };
  }
  return state;
}

function encodeCount(text: string): number {
  let count = pieceCounts.get(text);
  if (count === undefined) {
    count = load().encoder.encode(text, 'all', []).length;
    if (pieceCounts.size >= CACHE_LIMIT) pieceCounts.clear();
    pieceCounts.set(text, count);
  }
  return count;
}

function countLongPiece(piece: string): number {
  const points = Array.from(piece);
  const sample = points.slice(0, SAMPLE);
  const size = /^[\x00-\x7f]*$/.test(piece) ? SLICE.ascii : SLICE.other;
  let tokens = 0;
  for (let i = 0; i < sample.length; i += size) tokens += encodeCount(sample.slice(i, i + size).join(''));
  return points.length === sample.length ? tokens : Math.round((tokens * points.length) / sample.length);
}

/** Tokens in a text with the o200k_base encoding (exact, except for very long pieces). */
export function countTextTokens(text: string): number {
  if (!text) return 0;
  let tokens = 0;
  for (const [piece] of text.matchAll(load().pattern)) tokens += piece.length > LONG_PIECE ? countLongPiece(piece) : encodeCount(piece);
  return tokens;
}

/** Tokens of a completion's text (tool calls counted as their name plus arguments). */
export function countCompletionTokens(text: string): number {
  return countTextTokens(text);
}

function pdfPages(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const pageObjects = text.match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
  // Page objects hide in compressed object streams; the page tree's /Count is then the next best.
  const treeCount = [...text.matchAll(/\/Count\s+(\d+)/g)].reduce((max, match) => Math.max(max, Number(match[1])), 0);
  return pageObjects || treeCount || Math.ceil(pdf.length / PDF_BYTES_PER_PAGE);
}

/** A document part: text files by their text, PDFs by their pages, anything else (file ids, URLs) like an image. */
function fileTokens(file: Extract<ContentPart, { type: 'file' }>['file'], textTokens: (text: string) => number, pageTokens: number): number {
  const data = parseDataUrl(file?.file_data ?? '');
  if (!data) return IMAGE_TOKENS.other;
  const bytes = Buffer.from(data.data, 'base64');
  if (data.mediaType.startsWith('text/')) return textTokens(bytes.toString('utf8'));
  return data.mediaType === 'application/pdf' ? pdfPages(bytes) * pageTokens : IMAGE_TOKENS.other;
}

function countPartTokens(part: ContentPart): number {
  if (part.type === 'text') return countTextTokens(part.text);
  if (part.type === 'file') return fileTokens(part.file, countTextTokens, PDF_PAGE_TOKENS.counted);
  return part.type === 'image_url' && part.image_url.detail === 'low' ? IMAGE_TOKENS.low : IMAGE_TOKENS.other;
}

function countMessageTokens(message: ChatMessage): number {
  let tokens = MESSAGE_OVERHEAD + countTextTokens(message.role);
  if (typeof message.content === 'string') tokens += countTextTokens(message.content);
  else for (const part of message.content ?? []) tokens += countPartTokens(part);
  if (message.name) tokens += countTextTokens(message.name);
  for (const call of message.tool_calls ?? []) tokens += countTextTokens(call.function.name) + countTextTokens(call.function.arguments);
  return tokens;
}

/** An estimate of a request's prompt tokens: messages, tool definitions and per-message overhead. */
export function countPromptTokens(request: Pick<ChatRequest, 'messages' | 'tools'>): number {
  let tokens = REPLY_PRIMING;
  for (const message of request.messages) tokens += countMessageTokens(message);
  if (request.tools?.length) tokens += countTextTokens(JSON.stringify(request.tools.map((tool) => tool.function)));
  return tokens;
}

/** The first `maxTokens` tokens of a (short) text, decoded back to text. */
export function truncateToTokens(text: string, maxTokens: number): string {
  const { encoder } = load();
  const tokens = encoder.encode(text, 'all', []);
  return tokens.length <= maxTokens ? text : encoder.decode(tokens.slice(0, Math.max(0, maxTokens)));
}

/**
 * A fast upper estimate of a request's prompt tokens, without the tokenizer (whose ranks
 * cost ~150 MB and microseconds per request): a token spans at least ~3 UTF-8 bytes in
 * practice (English averages ~4 characters, CJK ~1 character of 3 bytes). Used to size
 * holds; what is charged comes from the upstream's usage or from countPromptTokens.
 */
export function estimatePromptTokens(request: Pick<ChatRequest, 'messages' | 'tools'>): number {
  let bytes = 0;
  let extra = REPLY_PRIMING;
  for (const m of request.messages ?? []) {
    extra += MESSAGE_OVERHEAD + 1;
    if (typeof m.content === 'string') bytes += Buffer.byteLength(m.content);
    else for (const part of m.content ?? []) {
      if (part.type === 'text') bytes += Buffer.byteLength(part.text ?? '');
      else if (part.type === 'file') extra += fileTokens(part.file, (text) => Math.ceil(Buffer.byteLength(text) / 3), PDF_PAGE_TOKENS.estimated);
      else extra += IMAGE_TOKENS.other;
    }
    for (const call of m.tool_calls ?? []) bytes += Buffer.byteLength(call.function.name) + Buffer.byteLength(call.function.arguments ?? '');
  }
  if (request.tools?.length) bytes += Buffer.byteLength(JSON.stringify(request.tools));
  return Math.ceil(bytes / 3) + extra;
}

/** The same estimate for plain texts (embeddings input). */
export function estimateTextTokens(texts: string[]): number {
  return texts.reduce((n, t) => n + Math.ceil(Buffer.byteLength(t) / 3), 0);
}
