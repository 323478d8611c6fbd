'use strict';
// The floor: a pass-through proxy with no logic. node:http in front, one undici keep-alive
// pool behind (the same pool settings as the gateway's UpstreamHttp). It reads the body,
// forwards it unchanged, and writes the upstream's status, content type and body bytes back
// as they arrive (so streams stay streams). It aborts the upstream call if the client leaves.
// Prints `READY <port>` once listening.  Env: PORT (0), HOST (127.0.0.1), UPSTREAM (origin).
const http = require('node:http');
const { Pool } = require('undici');

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 0);
const UPSTREAM = process.env.UPSTREAM;
if (!UPSTREAM) {
  console.error('bare-proxy: UPSTREAM (e.g. http://127.0.0.1:4000) is required');
  process.exit(2);
}
const pool = new Pool(UPSTREAM, { connections: 256, keepAliveTimeout: 30_000, pipelining: 1 });

async function forward(req, res, body) {
  const abort = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  try {
    const up = await pool.request({
      method: req.method,
      path: req.url,
      headers: { 'content-type': req.headers['content-type'] || 'application/json' },
      body,
      signal: abort.signal,
    });
    res.writeHead(up.statusCode, { 'content-type': up.headers['content-type'] || 'application/octet-stream' });
    for await (const part of up.body) res.write(part);
    res.end();
  } catch (e) {
    if (abort.signal.aborted) return;
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `bare proxy: ${e.message}`, type: 'upstream_error' } }));
  }
}

const server = http.createServer((req, res) => {
  const parts = [];
  req.on('data', (c) => parts.push(c));
  req.on('end', () => void forward(req, res, parts.length === 1 ? parts[0] : Buffer.concat(parts)));
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
