'use strict';
// Preloaded (`node -r bench/prof-exit.js`) into the gateway only with `npm run bench -- --cpu-prof`.
// `node --cpu-prof` writes its profile only when the process exits normally, but Nest's
// shutdown hooks end the process by re-raising the signal. With this listener in place the
// re-raised SIGTERM lands here instead and the process exits with process.exit(), after
// Nest's own shutdown (or after a grace period), so the profile gets written.
let seen = 0;
process.on('SIGTERM', () => {
  seen++;
  if (seen > 1) process.exit(0);
  setTimeout(() => process.exit(0), 8000).unref();
});
