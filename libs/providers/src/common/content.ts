import type { ChatMessage, ContentPart } from '../unified.types';

/** The text of a message's content, parts joined, images left out. */
export function textOf(content: ChatMessage['content'] | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content
    .filter((part): part is Extract<ContentPart, { type: 'text' }> => part.type === 'text')
    .map((part) => part.text)
    .join('');
}

/** Content as a list of parts, whatever form it came in. */
export function partsOf(content: ChatMessage['content'] | undefined): ContentPart[] {
  if (content == null || content === '') return [];
  return typeof content === 'string' ? [{ type: 'text', text: content }] : content;
}

export interface DataUrl {
  mediaType: string;
  data: string;
}

/** Split a `data:<type>;base64,<data>` URL; undefined for anything else. */
export function parseDataUrl(url: string): DataUrl | undefined {
  const match = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1], data: match[2] } : undefined;
}

export function isHttpUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export function toDataUrl(mediaType: string, data: string): string {
  return `data:${mediaType};base64,${data}`;
}

/** A plain-text document's text under its name, for targets that take no documents but can read it as text. */
export function documentTextOf(part: ContentPart): string | undefined {
  if (part.type !== 'file') return undefined;
  const data = parseDataUrl(part.file?.file_data ?? '');
  if (!data?.mediaType.startsWith('text/')) return undefined;
  const text = Buffer.from(data.data, 'base64').toString('utf8');
  return part.file.filename ? `${part.file.filename}\n\n${text}` : text;
}

/** All system and developer messages' text, in order. */
export function systemTextOf(messages: ChatMessage[]): string | undefined {
  const texts = messages.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content));
  return texts.length ? texts.join('\n\n') : undefined;
}
