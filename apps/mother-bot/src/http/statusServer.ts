import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { AppError, isLoopback, registerSecret, type HealthCheck, type Logger } from '@motherbot/core';
import { renderStatusPage } from './statusPage';
import type { StatusReport } from '../monitoring/monitoring';

/** What the server serves; the mother's Monitoring implements it. */
export interface StatusSource {
  readiness(): Promise<{ ready: boolean; checks: HealthCheck[] }>;
  metricsText(): Promise<{ contentType: string; body: string }>;
  status(): Promise<StatusReport>;
}

export interface StatusServerOptions {
  host: string;
  port: number;
  /** Required when `host` is not loopback; then /metrics, /status.json and the status page ask for it. */
  token: string;
  source: StatusSource;
  logger: Logger;
}

/** The server would be reachable beyond this host without a token. */
export class StatusTokenRequiredError extends AppError {
  constructor(host: string) {
    super('STATUS_TOKEN_REQUIRED', `HTTP_HOST=${host} is not loopback: set STATUS_TOKEN to protect the status page and metrics`, { host });
  }
}

const sameSecret = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The pages a person opens in a browser; the rest is for machines. */
const PAGES = ['/', '/status'];

/**
 * The token a request presents: `Authorization: Bearer <token>` everywhere, and on the pages
 * also HTTP Basic with the token as password (the browser asks once, then re-sends it). Never
 * a query parameter: URLs end up in access logs, proxies and browser history. Internal.
 */
function presentedToken(authorization: string | undefined, pathname: string): string {
  const header = authorization ?? '';
  if (/^Bearer /i.test(header)) return header.slice(7).trim();
  if (PAGES.includes(pathname) && /^Basic /i.test(header)) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return '';
}

/**
 * The mother's HTTP face, plain node:http: `/healthz` (the process lives), `/readyz` (200, or
 * 503 with the failing checks), `/metrics` (Prometheus text), `/` and `/status` (the status page),
 * `/status.json`. Open on loopback; beyond it, everything but the two probes needs
 * `Authorization: Bearer <STATUS_TOKEN>` (the pages also take it as the password of HTTP Basic,
 * for a browser). `?token=` is refused: a token in a URL lands in access logs. The token is
 * registered with the log redaction, and request lines are logged without their query.
 */
export class StatusServer {
  private server?: Server;

  constructor(private readonly options: StatusServerOptions) {
    if (!isLoopback(options.host) && !options.token) throw new StatusTokenRequiredError(options.host);
    registerSecret(options.token);
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  get url(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host}:${this.port}`;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.options.logger.warn('status server request failed', { path: pathOf(req), error });
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
        else res.end();
      });
    });
    // Keep-alive sockets must not hold `stop()` up.
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private authorized(req: IncomingMessage, url: URL): boolean {
    if (isLoopback(this.options.host)) return true;
    // Refused even next to a good header, so a scraper set up with both is found at once.
    if (url.searchParams.has('token')) return false;
    const given = presentedToken(req.headers.authorization, url.pathname);
    return given !== '' && sameSecret(given, this.options.token);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://status.local');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n', { allow: 'GET, HEAD' });
    const { source } = this.options;
    switch (url.pathname) {
      case '/healthz':
        return sendJson(res, 200, { status: 'ok', pid: process.pid, uptimeSeconds: Math.round(process.uptime()) });
      case '/readyz': {
        const { ready, checks } = await source.readiness();
        return sendJson(res, ready ? 200 : 503, { ready, failing: checks.filter((c) => c.status === 'fail'), checks });
      }
    }
    const routes = ['/metrics', '/', '/status', '/status.json'];
    if (!routes.includes(url.pathname)) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    if (!this.authorized(req, url)) {
      const challenge = PAGES.includes(url.pathname) ? 'Basic realm="motherbot status", charset="UTF-8"' : 'Bearer';
      return send(res, 401, 'text/plain; charset=utf-8', 'token required: Authorization: Bearer <STATUS_TOKEN> (not ?token=)\n', { 'www-authenticate': challenge });
    }
    if (url.pathname === '/metrics') {
      const { contentType, body } = await source.metricsText();
      return send(res, 200, contentType, body);
    }
    const report = await source.status();
    if (url.pathname === '/status.json') return sendJson(res, 200, report);
    return send(res, 200, 'text/html; charset=utf-8', renderStatusPage(report));
  }
}

/** The request's path without its query, for logs. */
const pathOf = (req: IncomingMessage): string => (req.url ?? '/').split('?')[0] ?? '/';

function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown): void => send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);
