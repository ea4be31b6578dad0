import { createServer, request, type Server } from 'node:http';

/**
 * A stand-in for the host's webhook ingress in tests: an HTTP server on a loopback port that
 * sends each request (method, headers, body) to the unix socket `route` names for its path and
 * pipes the answer back; no socket (`undefined`), or a socket nobody listens on, is a 503, as
 * the real ingress answers while a worker restarts. Counts what it answered, by status, and
 * hands each answer with its request's body to `observe` (which updates a worker confirmed).
 */
export class SocketForwarder {
  private server?: Server;
  readonly statuses = new Map<number, number>();
  port = 0;

  constructor(
    private readonly route: (path: string) => string | undefined,
    private readonly observe?: (status: number, requestBody: Buffer) => void,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      const body: Buffer[] = [];
      req.on('data', (chunk: Buffer) => body.push(chunk));
      const answer = (status: number): void => {
        this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
        this.observe?.(status, Buffer.concat(body));
      };
      const socketPath = this.route(req.url ?? '');
      if (!socketPath) {
        req.resume();
        answer(503);
        res.writeHead(503).end();
        return;
      }
      const upstream = request({ socketPath, path: req.url, method: req.method, headers: req.headers }, (reply) => {
        answer(reply.statusCode ?? 502);
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      });
      upstream.on('error', () => {
        if (res.headersSent) return void res.destroy();
        answer(503);
        res.writeHead(503).end();
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
    return this.port;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
