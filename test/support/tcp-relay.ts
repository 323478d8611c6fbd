import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP relay to a real dependency (Redis, PostgreSQL) that a test can cut (connections dropped,
 * new ones refused: the service is down) or pause (connections stay open, nothing moves either
 * way: the service is stopped with SIGSTOP or the network drops packets), then restore. It keeps
 * its port across cuts so clients reconnect to the same address.
 */
export class TcpRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private paused = false;
  private readonly held: Array<() => void> = [];
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  static to(url: string, defaultPort: number): TcpRelay {
    const u = new URL(url);
    return new TcpRelay(u.hostname, Number(u.port || defaultPort));
  }

  get isOpen(): boolean {
    return this.server !== null;
  }

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      this.forward(client, upstream);
      this.forward(upstream, client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Refuse new connections and drop the open ones. */
  async cut(): Promise<void> {
    const server = this.server!;
    this.server = null;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** Stop moving bytes (connections stay open and new ones are accepted, but nothing answers). */
  pause(): void {
    this.paused = true;
  }

  /** Deliver what was held back, in order, and move bytes again. */
  resume(): void {
    this.paused = false;
    for (const send of this.held.splice(0)) send();
  }

  private forward(from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      const send = () => !to.destroyed && to.write(chunk);
      if (this.paused) this.held.push(send);
      else send();
    });
  }
}
