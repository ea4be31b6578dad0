import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { readLimitedBody, WebhookBodyError } from '@motherbot/bot-kit';
import type { AddressInfo, Socket } from 'node:net';
import { checkWebhookRequest, parseWebhookPath, workerSocketPath, WEBHOOK_SECRET_HEADER, type Logger } from '@motherbot/core';
import { WebhookCredentialStore } from './cloneCredentials';
import { outcomeOfStatus, type WebhookOutcome, type WebhookRequestCounter } from './webhookOutcomes';
import { WorkerProxy } from './workerProxy';

/** The mother bot's own webhook handling (bot-kit's WebhookUpdates), which the ingress hands the mother's requests to. */
export interface WebhookRequestHandler {
  handle(req: IncomingMessage, res: ServerResponse, pathMac: string): void;
}

export interface WebhookIngressOptions {
  host: string;
  port: number;
  /** DATA_DIR: the workers' sockets are under it (workerSocketPath). */
  dataDir: string;
  masterKey: string;
  logger: Logger;
  requests: WebhookRequestCounter;
  /** A worker that has not answered within this gets 504 (default 60 s). */
  workerTimeoutMs?: number;
  /** Larger bodies are refused with 413 before anything reaches a bot (default 1 MiB). */
  maxBodyBytes?: number;
}

const MiB = 1024 * 1024;

/**
 * The host's one webhook ingress: every request Telegram sends to this host, for the mother or
 * any clone it runs, arrives here and is routed by its path alone (no table: webhookAddress.ts).
 * The order of the checks keeps junk cheap: a path of neither shape is refused after one split
 * and a regex (404), before any MAC is computed; a wrong path MAC is a 404 too, a wrong
 * secret a 401; only then is a body read (at most `maxBodyBytes`) and handed on, to the mother
 * in this process or to the clone's worker over its unix socket. Every outcome is counted.
 *
 * Nothing here logs a request's path, MAC or secret: a path is a credential.
 */
export class WebhookIngress {
  private readonly server: http.Server;
  private readonly credentials: WebhookCredentialStore;
  private readonly proxy: WorkerProxy;
  private readonly maxBodyBytes: number;
  private mother?: WebhookRequestHandler;
  private readonly sockets = new Set<Socket>();
  private inFlight = 0;
  private drained?: () => void;

  constructor(private readonly options: WebhookIngressOptions) {
    this.credentials = new WebhookCredentialStore(options.masterKey);
    this.proxy = new WorkerProxy({ timeoutMs: options.workerTimeoutMs ?? 60_000 });
    this.maxBodyBytes = options.maxBodyBytes ?? MiB;
    this.server = http.createServer({ headersTimeout: 10_000, requestTimeout: 75_000, keepAliveTimeout: 65_000 }, (req, res) => this.route(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    // Bytes that are not HTTP: answered 400 and counted, nothing else.
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      if (socket.writable && String(error.code).startsWith('HPE_')) {
        this.count('bad_request');
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      } else {
        socket.destroy();
      }
    });
  }

  /** Listens; resolves with the port (useful with port 0). */
  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.port;
  }

  get port(): number {
    return (this.server.address() as AddressInfo | null)?.port ?? this.options.port;
  }

  /** Sets (or, with undefined, removes) the mother's own handler; without one the mother's requests get 503. */
  setMotherHandler(handler: WebhookRequestHandler | undefined): void {
    this.mother = handler;
  }

  /**
   * Stops listening, lets the requests in progress end (a worker's answer, the mother's own
   * handler) up to `deadlineMs`, then cuts what is left; Telegram sends those updates again.
   */
  async stop(options: { deadlineMs?: number } = {}): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.drained = resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, options.deadlineMs ?? 5_000))),
      ]);
      clearTimeout(timer);
    }
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    this.proxy.close();
    await closed;
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const parsed = parseWebhookPath(req.url ?? '');
    if (!parsed) return this.refuse(req, res, 404);
    if (req.method !== 'POST') return this.refuse(req, res, 405);
    const secret = req.headers[WEBHOOK_SECRET_HEADER];
    const header = typeof secret === 'string' ? secret : undefined;
    if (parsed.target.kind === 'mother') {
      const verdict = checkWebhookRequest(this.credentials.mother, parsed.pathMac, header);
      if (verdict !== 'ok') return this.refuse(req, res, verdict === 'not-found' ? 404 : 401);
      const mother = this.mother;
      if (!mother) return this.refuse(req, res, 503);
      this.track(res, () => mother.handle(req, res, parsed.pathMac));
      return;
    }
    const { cloneId } = parsed.target;
    const { credentials, keep } = this.credentials.clone(cloneId);
    const verdict = checkWebhookRequest(credentials, parsed.pathMac, header);
    if (verdict === 'not-found') return this.refuse(req, res, 404);
    keep();
    if (verdict === 'unauthorized') return this.refuse(req, res, 401);
    this.track(res, () => void this.forward(req, res, cloneId));
  }

  private async forward(req: IncomingMessage, res: ServerResponse, cloneId: string): Promise<void> {
    let body: Buffer;
    try {
      body = await readLimitedBody(req, this.maxBodyBytes);
    } catch (error) {
      if (error instanceof WebhookBodyError && error.status === 413) res.writeHead(413, { connection: 'close' }).end();
      else res.destroy();
      return;
    }
    const result = await this.proxy.forward(req, body, res, workerSocketPath(this.options.dataDir, cloneId));
    if ('failed' in result) this.options.logger.debug('webhook request for a clone not handed on', { cloneId, outcome: result.failed });
  }

  /** Counts the request's outcome from the status it was answered with, once it is over. */
  private track(res: ServerResponse, run: () => void): void {
    this.inFlight += 1;
    res.once('close', () => {
      this.count(res.headersSent ? outcomeOfStatus(res.statusCode) : 'failed');
      this.inFlight -= 1;
      if (this.inFlight === 0) this.drained?.();
    });
    run();
  }

  private refuse(req: IncomingMessage, res: ServerResponse, status: 401 | 404 | 405 | 503): void {
    this.count(outcomeOfStatus(status));
    // The body is not read: Node discards it, or closes the connection when it is large.
    res.writeHead(status, { 'content-length': 0 }).end();
    req.resume();
  }

  private count(outcome: WebhookOutcome): void {
    this.options.requests.inc({ outcome });
  }
}
