// A real OpenID Connect provider (oidc-provider) for the SSO e2e, run as a child process since
// the package is ESM-only. Messages from the parent: `configure` (its client's redirect URIs, and
// whether its ID tokens conform: scope claims only in userinfo), `account` (set a user's claims), `tamper` (how to spoil the next ID token). It answers `ready`.
import { createSign, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', alg: 'RS256', use: 'sig' };
const accounts = new Map();
let tamper = null;
let handler = (_req, res) => res.writeHead(503).end();

const server = createServer((req, res) => handler(req, res));
server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));

process.on('message', (msg) => {
  if (msg.type === 'configure') configure(msg);
  if (msg.type === 'account') accounts.set(msg.id, msg.claims);
  if (msg.type === 'tamper') tamper = msg.mode;
});

function configure({ clientId, clientSecret, redirectUris, postLogoutRedirectUris, conform = false }) {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, post_logout_redirect_uris: postLogoutRedirectUris, response_types: ['code'], grant_types: ['authorization_code'] }],
    jwks: { keys: [jwk] },
    cookies: { keys: ['test-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    // Conforming: the ID token of a code flow carries no scope claims (email, groups): userinfo does.
    conformIdTokenClaims: conform,
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx, id) => (accounts.has(id) ? { accountId: id, claims: () => ({ sub: id, ...accounts.get(id) }) } : undefined),
    // A first-party client: no consent screen.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile groups');
      await grant.save();
      return grant;
    },
  });
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && tamper && ctx.body?.id_token) {
      ctx.body = { ...ctx.body, id_token: spoil(ctx.body.id_token, tamper) };
      tamper = null;
    }
  });
  const callback = provider.callback();
  handler = async (req, res) => {
    const interaction = /^\/interaction\/([\w-]+)$/.exec(req.url);
    if (!interaction) return callback(req, res);
    try {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end(`<!doctype html><title>Test IdP</title><form method="post"><label>Username <input name="login" autofocus></label><button type="submit">Sign in to Test IdP</button></form>`);
      }
      const body = new URLSearchParams(await read(req));
      const login = body.get('login');
      if (!accounts.has(login)) return res.writeHead(400).end('unknown user');
      await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  };
  process.send({ type: 'ready', issuer });
}

/** Re-sign (or strip the signature of) an ID token the way the parent asked. */
function spoil(idToken, mode) {
  const [header, payload] = idToken.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
  const now = Math.floor(Date.now() / 1000);
  if (mode === 'audience') payload.aud = 'someone-else';
  if (mode === 'expired') Object.assign(payload, { iat: now - 7200, exp: now - 3600 });
  if (mode === 'unsigned') return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
  const key = mode === 'foreign-key' ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey : privateKey;
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const read = (req) => new Promise((resolve) => {
  let data = '';
  req.on('data', (c) => (data += c)).on('end', () => resolve(data));
});
