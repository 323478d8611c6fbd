import { createHash } from 'node:crypto';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import RedisParser from 'redis-parser';

/** What Redis answers (RESP2): bulk strings as text, integers as numbers, nil as null. */
export type RespReply = string | number | null | RespReply[];

/** An error reply from Redis (the command ran and failed, e.g. NOSCRIPT). */
export class RespReplyError extends Error {
  override name = 'RespReplyError';
}

interface Waiter {
  resolve(reply: RespReply): void;
  reject(error: Error): void;
}

/** How long a command (or a connection) may go unanswered before the connection is dropped. */
export const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;

/**
 * A lean connection for the commands of every gateway request (the admission script and
 * the settlement batches; the usage outbox has one too). ioredis builds a Command, a Pipeline (auto-pipelining) and
 * key-prefix arrays for each call: ~40 µs of CPU and ~10 KB of garbage per request on
 * the 2-core bench machine, where this encodes the command into one string and leaves
 * the reply to redis-parser (the parser ioredis uses). Commands issued in one turn of the
 * event loop leave in one write(). No key prefixing, no retries: callers prefix their keys and
 * decide what a failure means. Connects on first use and again after a lost connection; commands in
 * flight when it drops fail at once. A Redis that stops answering (paused, swapping, a network
 * that drops packets silently) is treated as lost once the oldest command has waited
 * `commandTimeoutMs`: one timer per connection watches the head of the queue, so the deadline
 * costs nothing per command.
 */
export class RespClient {
  private socket: Socket | null = null;
  private connected = false;
  private closed = false;
  /** Written commands, in order, waiting for their reply. */
  private readonly inFlight: Waiter[] = [];
  /** Commands issued while connecting. */
  private queued: Array<{ payload: string; waiter: Waiter }> = [];
  private corked: Socket | null = null;
  private lastError: Error | null = null;
  private readonly parser: RedisParser;
  private readonly target: { host: string; port: number; tls: boolean; handshake: string[] };
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    url: string,
    private readonly commandTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS,
  ) {
    const u = new URL(url);
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`Not a Redis URL: ${u.protocol}//…`);
    const handshake: string[] = [];
    const password = decodeURIComponent(u.password);
    const username = decodeURIComponent(u.username);
    if (password) handshake.push(encode(username ? ['AUTH', username, password] : ['AUTH', password]));
    const db = u.pathname.replace(/^\//, '');
    if (db && db !== '0') handshake.push(encode(['SELECT', db]));
    this.target = { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 6379), tls: u.protocol === 'rediss:', handshake };
    this.parser = new RedisParser({
      returnReply: (reply: RespReply) => this.inFlight.shift()?.resolve(reply),
      returnError: (error: Error) => this.inFlight.shift()?.reject(new RespReplyError(error.message)),
      returnFatalError: (error: Error) => this.socket?.destroy(error),
    });
  }

  /** Send one command (`args[0]` is its name); resolves with Redis's reply, rejects on an error reply or a lost connection. */
  call(args: ReadonlyArray<string | number>): Promise<RespReply> {
    const payload = encode(args);
    return new Promise<RespReply>((resolve, reject) => {
      if (this.closed) return reject(new Error('Redis client closed'));
      const waiter = { resolve, reject };
      if (this.connected) this.write(payload, waiter);
      else {
        this.queued.push({ payload, waiter });
        this.connect();
      }
    });
  }

  /** Close the connection; commands still waiting fail. */
  close(): void {
    this.closed = true;
    this.socket?.end();
    this.socket?.destroy();
  }

  private write(payload: string, waiter: Waiter): void {
    const socket = this.socket!;
    this.inFlight.push(waiter);
    // Everything written in this turn of the loop leaves in one writev(): under load one poll
    // hands over several requests, and their admissions share a system call (and Redis's reply
    // comes back in one read) instead of one each, as they did when this flushed per tick.
    if (this.corked !== socket) {
      this.corked = socket;
      socket.cork();
      setImmediate(() => {
        this.corked = null;
        socket.uncork();
      });
    }
    socket.write(payload);
  }

  /**
   * Every half deadline, note which command is oldest; if the same one is still oldest a full
   * deadline later, Redis has not answered it in time: drop the connection (every command
   * waiting fails; the next call reconnects).
   */
  private watch(socket: Socket): void {
    let oldest: Waiter | undefined;
    let since = 0;
    const period = Math.max(10, Math.floor(this.commandTimeoutMs / 2));
    this.watchdog = setInterval(() => {
      const head = this.inFlight[0];
      const now = Date.now();
      if (!head || head !== oldest) {
        oldest = head;
        since = now;
      } else if (now - since >= this.commandTimeoutMs) {
        socket.destroy(new Error(`no reply within ${this.commandTimeoutMs} ms`));
      }
    }, period);
    this.watchdog.unref();
  }

  private connect(): void {
    if (this.socket || this.closed) return;
    const { host, port, tls, handshake } = this.target;
    const socket = tls ? tlsConnect({ host, port, servername: host }) : netConnect({ host, port });
    this.socket = socket;
    this.lastError = null;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.setTimeout(this.commandTimeoutMs, () => socket.destroy(new Error(`no connection within ${this.commandTimeoutMs} ms`)));
    this.watch(socket);
    const ready = () => {
      socket.setTimeout(0);
      this.connected = true;
      const queued = this.queued;
      this.queued = [];
      for (const { payload, waiter } of queued) this.write(payload, waiter);
    };
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      if (!handshake.length) return ready();
      // AUTH and SELECT first, and nothing else until they succeed: a failure closes the connection.
      let left = handshake.length;
      const step = { resolve: () => --left === 0 && ready(), reject: (e: Error) => socket.destroy(e) };
      for (const command of handshake) this.write(command, step);
    });
    socket.on('data', (chunk: Buffer) => this.parser.execute(chunk));
    socket.on('error', (e) => (this.lastError = e));
    socket.once('close', () => {
      const error = new Error(`Redis connection lost${this.lastError ? `: ${this.lastError.message}` : ''}`);
      this.socket = null;
      this.connected = false;
      if (this.watchdog) clearInterval(this.watchdog);
      this.watchdog = null;
      this.corked = null;
      this.parser.reset();
      const waiting = [...this.inFlight.splice(0), ...this.queued.splice(0).map((q) => q.waiter)];
      for (const waiter of waiting) waiter.reject(error);
    });
  }
}

/** One command in RESP: an array of bulk strings. */
export function encode(args: ReadonlyArray<string | number>): string {
  let out = `*${args.length}\r\n`;
  for (let i = 0; i < args.length; i++) {
    const arg = typeof args[i] === 'string' ? (args[i] as string) : String(args[i]);
    out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
  }
  return out;
}

/** A Lua script run by EVALSHA on a RespClient (loaded on NOSCRIPT: a new or restarted Redis). */
export class RespScript {
  private readonly sha: string;

  constructor(
    private readonly client: RespClient,
    private readonly lua: string,
    private readonly keys: number,
  ) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  /** `args`: the script's keys (with any prefix already applied), then its arguments. */
  async run<T>(args: ReadonlyArray<string | number>): Promise<T> {
    const command = ['EVALSHA', this.sha, this.keys, ...args];
    try {
      return (await this.client.call(command)) as T;
    } catch (e) {
      if (!(e instanceof RespReplyError) || !e.message.startsWith('NOSCRIPT')) throw e;
      await this.client.call(['SCRIPT', 'LOAD', this.lua]);
      return (await this.client.call(command)) as T;
    }
  }
}
