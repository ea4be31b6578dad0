import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { WEBHOOK_SECRET_HEADER } from '@motherbot/core';

export interface WorkerProxyOptions {
  /** A worker that has not answered within this is given up on: 504, Telegram sends the update again. */
  timeoutMs: number;
}

/** What became of one proxied request, for the ingress's counter. */
export type ProxyResult = { status: number } | { failed: 'unavailable' | 'timeout' };

/**
 * Hands a webhook request on to a clone worker's unix socket and its answer back: method, path,
 * the secret header and the (already read) body go in; status and body come out. Connections
 * are kept alive, one pool per worker socket (http.Agent keys its pools by `socketPath`).
 *
 * A worker that is not there (no socket, nobody listening, the connection cut mid-request)
 * means 503: Telegram keeps the update and sends it again, so a restarting worker loses none.
 */
export class WorkerProxy {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 100, maxFreeSockets: 16, timeout: 120_000 });

  constructor(private readonly options: WorkerProxyOptions) {}

  forward(req: IncomingMessage, body: Buffer, res: ServerResponse, socketPath: string): Promise<ProxyResult> {
    return new Promise((resolve) => {
      let settled = false;
      const finish = (result: ProxyResult, status = 'status' in result ? result.status : result.failed === 'timeout' ? 504 : 503): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!('status' in result) && !res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' }).end();
        resolve(result);
      };
      const headers: http.OutgoingHttpHeaders = {
        'content-type': req.headers['content-type'] ?? 'application/json',
        'content-length': body.length,
      };
      const secret = req.headers[WEBHOOK_SECRET_HEADER];
      if (typeof secret === 'string') headers[WEBHOOK_SECRET_HEADER] = secret;
      const outgoing = http.request({ socketPath, agent: this.agent, method: req.method, path: req.url, headers }, (answer) => {
        const status = answer.statusCode ?? 502;
        const type = answer.headers['content-type'];
        res.writeHead(status, type ? { 'content-type': type } : {});
        answer.pipe(res);
        answer.once('end', () => finish({ status }));
        answer.once('error', () => {
          res.destroy();
          finish({ status });
        });
      });
      const timer = setTimeout(() => {
        outgoing.destroy();
        // Already answering: the status is out, cut the body short.
        if (res.headersSent) res.destroy();
        finish({ failed: 'timeout' });
      }, this.options.timeoutMs);
      outgoing.once('error', () => finish({ failed: 'unavailable' }));
      // Telegram gave up on us: the worker's answer has nowhere to go.
      res.once('close', () => {
        if (!settled) outgoing.destroy();
      });
      outgoing.end(body);
    });
  }

  /** Closes the kept-alive connections to the workers. */
  close(): void {
    this.agent.destroy();
  }
}
