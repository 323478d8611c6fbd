import { agentSettings, DEFAULT_MAX_TOKENS, snippetsFor, type SnippetRequest } from './snippets';

const request: SnippetRequest = {
  baseUrl: 'https://llm.example.com/',
  model: 'claude-fast',
  format: 'openai',
  system: 'Be brief.',
  messages: [
    { role: 'user', content: "What's 2+2?" },
    { role: 'assistant', content: '4' },
    { role: 'user', content: 'And "times" 3?' },
  ],
  temperature: 0.2,
  maxTokens: 256,
};

/** The JSON body a curl snippet sends, un-quoted as a shell would. */
function curlBody(code: string): Record<string, unknown> {
  const quoted = /-d '([\s\S]*)'$/.exec(code)![1];
  return JSON.parse(quoted.replace(/'\\''/g, "'")) as Record<string, unknown>;
}

describe('snippetsFor', () => {
  it('gives a curl call in the OpenAI format with the whole conversation, the key from the environment', () => {
    const curl = snippetsFor(request).find((s) => s.id === 'curl')!.code;
    expect(curl).toContain('curl https://llm.example.com/v1/chat/completions');
    expect(curl).toContain('-H "Authorization: Bearer $LLM_GATEWAY_KEY"');
    expect(curlBody(curl)).toEqual({
      model: 'claude-fast',
      messages: [{ role: 'system', content: 'Be brief.' }, ...request.messages],
      temperature: 0.2,
      max_tokens: 256,
    });
  });

  it('gives the Anthropic format with system apart and a max_tokens even when none was set', () => {
    const curl = snippetsFor({ ...request, format: 'anthropic', maxTokens: null, temperature: null }).find((s) => s.id === 'curl')!.code;
    expect(curl).toContain('curl https://llm.example.com/v1/messages');
    expect(curl).toContain('-H "x-api-key: $LLM_GATEWAY_KEY"');
    expect(curlBody(curl)).toEqual({ model: 'claude-fast', max_tokens: DEFAULT_MAX_TOKENS, system: 'Be brief.', messages: request.messages });
  });

  it('points each SDK at the right base URL and puts a known key in place of the variable', () => {
    const all = snippetsFor({ ...request, apiKey: 'gw-live-abc' });
    const code = (id: string) => all.find((s) => s.id === id)!.code;
    expect(code('openai-python')).toContain('OpenAI(base_url="https://llm.example.com/v1", api_key="gw-live-abc")');
    expect(code('openai-python')).not.toContain('import os');
    expect(code('openai-node')).toContain("baseURL: 'https://llm.example.com/v1', apiKey: \"gw-live-abc\"");
    expect(code('anthropic-python')).toContain('anthropic.Anthropic(base_url="https://llm.example.com", api_key="gw-live-abc")');
    expect(code('anthropic-python')).toContain('    max_tokens=256,');
    expect(code('anthropic-node')).toContain("baseURL: 'https://llm.example.com'");
    expect(snippetsFor(request).find((s) => s.id === 'openai-python')!.code).toContain('api_key=os.environ["LLM_GATEWAY_KEY"]');
  });
});

describe('agentSettings', () => {
  it('configures Claude Code and Codex CLI for the gateway and a model', () => {
    const [claude, codex] = agentSettings('http://localhost:3000', 'demo');
    expect(claude.code).toContain('export ANTHROPIC_BASE_URL=http://localhost:3000\nexport ANTHROPIC_AUTH_TOKEN=$LLM_GATEWAY_KEY\nexport ANTHROPIC_MODEL=demo');
    expect(codex.code).toContain('base_url = "http://localhost:3000/v1"');
    expect(codex.code).toContain('wire_api = "responses"');
  });
});
