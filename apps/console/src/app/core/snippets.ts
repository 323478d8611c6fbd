/** Ready-to-copy calls of the gateway: the playground's "view code", the quick start and the key dialog. */
export type ApiFormat = 'openai' | 'anthropic';

export interface SnippetMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface SnippetRequest {
  /** The gateway's address as the browser sees it, e.g. `https://llm.example.com`. */
  baseUrl: string;
  model: string;
  format: ApiFormat;
  messages: SnippetMessage[];
  system?: string;
  temperature?: number | null;
  maxTokens?: number | null;
  /** The key when it is known (just created); otherwise the snippets read `$LLM_GATEWAY_KEY`. */
  apiKey?: string;
}

export interface Snippet {
  id: 'curl' | 'openai-python' | 'openai-node' | 'anthropic-python' | 'anthropic-node' | 'claude-code' | 'codex';
  label: string;
  code: string;
}

export const KEY_VARIABLE = 'LLM_GATEWAY_KEY';
/** Anthropic's API requires max_tokens; what the snippets send when none is set. */
export const DEFAULT_MAX_TOKENS = 1024;

const json = (value: unknown, indent = 2): string => JSON.stringify(value, null, indent);
/** JSON of strings, numbers and arrays/objects of them is also a Python literal. */
const py = (value: unknown): string => json(value, 4);
const shellQuoted = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const trimmed = (url: string): string => url.replace(/\/+$/, '');

function openaiBody(r: SnippetRequest): Record<string, unknown> {
  const messages = r.system ? [{ role: 'system', content: r.system }, ...r.messages] : r.messages;
  return { model: r.model, messages, ...(r.temperature != null ? { temperature: r.temperature } : {}), ...(r.maxTokens ? { max_tokens: r.maxTokens } : {}) };
}

function anthropicBody(r: SnippetRequest): Record<string, unknown> {
  return {
    model: r.model,
    max_tokens: r.maxTokens || DEFAULT_MAX_TOKENS,
    ...(r.system ? { system: r.system } : {}),
    messages: r.messages,
    ...(r.temperature != null ? { temperature: r.temperature } : {}),
  };
}

function curl(r: SnippetRequest): string {
  const base = trimmed(r.baseUrl);
  const key = r.apiKey ?? `$${KEY_VARIABLE}`;
  const [path, auth, body] =
    r.format === 'anthropic'
      ? ['/v1/messages', `-H "x-api-key: ${key}" -H "anthropic-version: 2023-06-01"`, anthropicBody(r)]
      : ['/v1/chat/completions', `-H "Authorization: Bearer ${key}"`, openaiBody(r)];
  return `curl ${base}${path} \\\n  ${auth} \\\n  -H "Content-Type: application/json" \\\n  -d ${shellQuoted(json(body))}`;
}

/** Python keyword arguments from a body: `model="x",\n    messages=[...]`. */
const pyArgs = (body: Record<string, unknown>): string =>
  Object.entries(body)
    .map(([name, value]) => `    ${name}=${py(value).replace(/\n/g, '\n    ')},`)
    .join('\n');

const keyPython = (r: SnippetRequest) => (r.apiKey ? json(r.apiKey) : `os.environ["${KEY_VARIABLE}"]`);
const keyNode = (r: SnippetRequest) => (r.apiKey ? json(r.apiKey) : `process.env.${KEY_VARIABLE}`);

export function snippetsFor(r: SnippetRequest): Snippet[] {
  const base = trimmed(r.baseUrl);
  const importOs = r.apiKey ? '' : 'import os\n';
  return [
    { id: 'curl', label: 'curl', code: curl(r) },
    {
      id: 'openai-python',
      label: 'OpenAI SDK (Python)',
      code: `${importOs}from openai import OpenAI\n\nclient = OpenAI(base_url="${base}/v1", api_key=${keyPython(r)})\nreply = client.chat.completions.create(\n${pyArgs(openaiBody(r))}\n)\nprint(reply.choices[0].message.content)`,
    },
    {
      id: 'openai-node',
      label: 'OpenAI SDK (Node)',
      code: `import OpenAI from 'openai';\n\nconst client = new OpenAI({ baseURL: '${base}/v1', apiKey: ${keyNode(r)} });\nconst reply = await client.chat.completions.create(${json(openaiBody(r))});\nconsole.log(reply.choices[0].message.content);`,
    },
    {
      id: 'anthropic-python',
      label: 'Anthropic SDK (Python)',
      code: `${importOs}import anthropic\n\nclient = anthropic.Anthropic(base_url="${base}", api_key=${keyPython(r)})\nreply = client.messages.create(\n${pyArgs(anthropicBody(r))}\n)\nprint(reply.content[0].text)`,
    },
    {
      id: 'anthropic-node',
      label: 'Anthropic SDK (Node)',
      code: `import Anthropic from '@anthropic-ai/sdk';\n\nconst client = new Anthropic({ baseURL: '${base}', apiKey: ${keyNode(r)} });\nconst reply = await client.messages.create(${json(anthropicBody(r))});\nconsole.log(reply.content[0].type === 'text' ? reply.content[0].text : reply.content[0]);`,
    },
  ];
}

/** Settings for the coding agents: Claude Code's environment and Codex CLI's config.toml. */
export function agentSettings(baseUrl: string, model: string, apiKey?: string): Snippet[] {
  const base = trimmed(baseUrl);
  const key = apiKey ?? `$${KEY_VARIABLE}`;
  return [
    {
      id: 'claude-code',
      label: 'Claude Code',
      code: `export ANTHROPIC_BASE_URL=${base}\nexport ANTHROPIC_AUTH_TOKEN=${key}\nexport ANTHROPIC_MODEL=${model}\nexport ANTHROPIC_DEFAULT_HAIKU_MODEL=${model}\nclaude`,
    },
    {
      id: 'codex',
      label: 'Codex CLI',
      code: `# ~/.codex/config.toml\nmodel = "${model}"\nmodel_provider = "llm-gateway"\n\n[model_providers.llm-gateway]\nname = "LLM Gateway"\nbase_url = "${base}/v1"\nenv_key = "${KEY_VARIABLE}"\nwire_api = "responses"\n\n# then: export ${KEY_VARIABLE}=${apiKey ?? '<your key>'} && codex`,
    },
  ];
}
