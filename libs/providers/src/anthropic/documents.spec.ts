import { config, readJson, SHARED } from '../__fixtures__/fixtures';
import type { ChatRequest } from '../unified.types';
import { anthropicAdapter } from './anthropic.adapter';
import type { AnthropicRequest } from './anthropic.types';
import { anthropicRequestToUnified } from './inbound.transform';

const documents = () => readJson<AnthropicRequest>(SHARED, 'anthropic-request-documents.json');
const pdf = () => (documents().messages[0].content[0] as { source: { data: string } }).source.data;

describe('Anthropic documents and tool-result media', () => {
  it('maps documents (base64 PDF, text, URL) to file parts and tool-result images to tool message parts', () => {
    const { request, ignored } = anthropicRequestToUnified(documents());
    expect(request.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'file', file: { file_data: `data:application/pdf;base64,${pdf()}`, filename: 'forecast.pdf' } },
        { type: 'file', file: { file_data: `data:text/plain;base64,${Buffer.from('Rome averages 24C in June.').toString('base64')}`, filename: 'Climate notes' } },
        { type: 'file', file: { file_data: 'https://example.com/rome-climate.pdf' } },
        { type: 'text', text: 'Summarise the forecast for Rome.' },
      ],
    });
    expect(request.messages[2]).toEqual({
      role: 'tool',
      tool_call_id: 'toolu_map',
      content: [
        { type: 'text', text: 'Map of Rome' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      ],
    });
    expect(ignored.sort()).toEqual(['cache_control', 'document.citations']);
  });

  it('maps file parts back to document blocks and keeps tool-result images', () => {
    const { request } = anthropicRequestToUnified(documents());
    const upstream = anthropicAdapter.chatRequest(config({ type: 'anthropic' }), request, 'claude-sonnet-4-5');
    const body = JSON.parse(upstream.body ?? '{}');
    expect(body.messages[0].content.slice(0, 3)).toEqual([
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: pdf() }, title: 'forecast.pdf' },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Rome averages 24C in June.' }, title: 'Climate notes' },
      { type: 'document', source: { type: 'url', url: 'https://example.com/rome-climate.pdf' } },
    ]);
    expect(body.messages[2].content).toEqual([
      {
        type: 'tool_result',
        tool_use_id: 'toolu_map',
        content: [
          { type: 'text', text: 'Map of Rome' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        ],
      },
    ]);
    expect(upstream.ignored).toEqual([]);
  });

  it('reports an OpenAI file id, which Anthropic cannot read', () => {
    const request: ChatRequest = { model: 'm', messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }, { type: 'text', text: 'Summarise.' }] }] };
    const upstream = anthropicAdapter.chatRequest(config({ type: 'anthropic' }), request, 'c');
    expect(JSON.parse(upstream.body ?? '{}').messages[0].content).toEqual([{ type: 'text', text: 'Summarise.' }]);
    expect(upstream.ignored).toEqual(['file']);
  });

  it('reports document sources and blocks the unified shape cannot carry', () => {
    const { request, ignored } = anthropicRequestToUnified({
      model: 'm',
      max_tokens: 100,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'document', source: { type: 'file', file_id: 'file_011' }, context: 'Q2 report' },
            { type: 'search_result', source: 'https://example.com', title: 'Rome', content: [] },
            { type: 'tool_result', tool_use_id: 't1', content: 'failed', is_error: true },
            { type: 'text', text: 'Go on.' },
          ],
        },
      ],
    });
    expect(request.messages).toEqual([
      { role: 'tool', tool_call_id: 't1', content: 'failed' },
      { role: 'user', content: 'Go on.' },
    ]);
    expect(ignored.sort()).toEqual(['document', 'document.context', 'is_error', 'search_result']);
  });
});
