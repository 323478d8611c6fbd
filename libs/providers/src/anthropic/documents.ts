import { isHttpUrl, parseDataUrl, toDataUrl } from '../common/content';
import type { ContentPart } from '../unified.types';
import type { AnthropicDocumentBlock } from './anthropic.types';

type FilePart = Extract<ContentPart, { type: 'file' }>;

/**
 * A unified file part -> an Anthropic document; undefined for what Anthropic cannot take (an
 * OpenAI file id). In unified parts `file_data` is a data URL, or the https URL of an Anthropic
 * URL document: only targets that fetch URLs take those, the others report `file`.
 */
export function documentFromFile(file: FilePart['file']): AnthropicDocumentBlock | undefined {
  const title = file.filename ? { title: file.filename } : {};
  const url = file.file_data ?? '';
  const data = parseDataUrl(url);
  // Anthropic reads text documents only as plain text.
  if (data?.mediaType.startsWith('text/')) {
    const text = Buffer.from(data.data, 'base64').toString('utf8');
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: text }, ...title };
  }
  if (data) return { type: 'document', source: { type: 'base64', media_type: data.mediaType, data: data.data }, ...title };
  return isHttpUrl(url) ? { type: 'document', source: { type: 'url', url }, ...title } : undefined;
}

/** An Anthropic document -> a unified file part; undefined for custom-content and Files API sources. */
export function fileFromDocument(block: AnthropicDocumentBlock, ignored: Set<string>): FilePart | undefined {
  if (block.citations?.enabled) ignored.add('document.citations');
  if (block.context) ignored.add('document.context');
  const filename = block.title ? { filename: block.title } : {};
  const source = block.source;
  switch (source.type) {
    case 'base64':
      return { type: 'file', file: { file_data: toDataUrl(String(source.media_type), String(source.data)), ...filename } };
    case 'text': {
      const data = Buffer.from(String(source.data), 'utf8').toString('base64');
      return { type: 'file', file: { file_data: toDataUrl('text/plain', data), ...filename } };
    }
    case 'url':
      return { type: 'file', file: { file_data: String(source.url), ...filename } };
    default:
      ignored.add('document');
      return undefined;
  }
}
