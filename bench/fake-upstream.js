'use strict';
// A fast fake OpenAI-shaped upstream for the benchmark: answers are serialised once at
// start, so its own cost per request is as small as node:http allows.
//   POST /v1/chat/completions  {"stream":false}  -> one chat.completion with usage
//   POST /v1/chat/completions  {"stream":true}   -> N content chunks, a usage chunk, [DONE]
//   GET  /v1/models                              -> one model
// Prints `READY <port>` on stdout once listening (PORT=0 picks a free port).
// Env: PORT, HOST (127.0.0.1), BENCH_CHUNKS (10).
const http = require('node:http');

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 0);
const CHUNKS = Math.max(1, Number(process.env.BENCH_CHUNKS || 10));
const MODEL = 'fake-model';
const CREATED = Math.floor(Date.now() / 1000);
// The usage every answer reports; bench/run.js checks the gateway charged exactly this.
const USAGE = { prompt_tokens: 12, completion_tokens: CHUNKS * 2, total_tokens: 12 + CHUNKS * 2 };
const WORDS = ['Hello', ' there', ',', ' this', ' is', ' a', ' benchmark', ' answer', ' from', ' the', ' fake', ' upstream', '.'];
const wordAt = (i) => WORDS[i % WORDS.length];
const TEXT = Array.from({ length: CHUNKS }, (_, i) => wordAt(i)).join('');

const COMPLETION = Buffer.from(
  JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: CREATED,
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content: TEXT }, logprobs: null, finish_reason: 'stop' }],
    usage: USAGE,
    system_fingerprint: 'fp_bench',
  }),
);

const chunk = (choices, usage) =>
  Buffer.from(`data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: CREATED, model: MODEL, system_fingerprint: 'fp_bench', choices, usage })}\n\n`);
const STREAM = [
  chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], null),
  ...Array.from({ length: CHUNKS }, (_, i) => chunk([{ index: 0, delta: { content: wordAt(i) }, logprobs: null, finish_reason: null }], null)),
  chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }], null),
  chunk([], USAGE),
  Buffer.from('data: [DONE]\n\n'),
];
const MODELS = Buffer.from(JSON.stringify({ object: 'list', data: [{ id: MODEL, object: 'model', created: CREATED, owned_by: 'bench' }] }));

const JSON_HEADERS = { 'content-type': 'application/json', 'content-length': String(COMPLETION.length) };
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
const STREAM_FLAG = Buffer.from('"stream":true');

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/v1/models')) {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MODELS.length) });
    res.end(MODELS);
    return;
  }
  if (req.method !== 'POST' || !req.url.startsWith('/v1/chat/completions')) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    return;
  }
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => {
    const body = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    if (body.indexOf(STREAM_FLAG) === -1) {
      res.writeHead(200, JSON_HEADERS);
      res.end(COMPLETION);
      return;
    }
    // One write per event (each its own chunk on the wire), all in this tick.
    res.writeHead(200, SSE_HEADERS);
    for (let i = 0; i < STREAM.length - 1; i++) res.write(STREAM[i]);
    res.end(STREAM[STREAM.length - 1]);
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.listen(PORT, HOST, () => {
  process.stdout.write(`READY ${server.address().port}\n`);
});
const stop = () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
