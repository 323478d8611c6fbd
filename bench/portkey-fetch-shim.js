'use strict';
// Preloaded into Portkey's process by bench/run.js (`node -r`). Portkey 1.15.2 relays an OpenAI
// stream by appending its own headers to the upstream's fetch() Response, whose headers Node's
// fetch makes immutable: every stream then fails with `TypeError: immutable` and a 500. Handing
// it a copy of each response (same body stream, same status, headers it may change) lets it
// relay streams on Node 20; the copy costs a few µs against its ~900 µs per request.
const fetchImmutable = globalThis.fetch;
globalThis.fetch = async (...args) => {
  const res = await fetchImmutable(...args);
  return new Response(res.body, res);
};
