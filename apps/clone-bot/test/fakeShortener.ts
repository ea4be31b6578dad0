import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local URL shortener for tests, one behaviour per path prefix:
 *   /good/api?api=<key>&url=<long>   `{status:'success', shortenedUrl}` (key `good-key` only, else a refusal quoting the key)
 *   /alt/api?...                      the same with `short_url`
 *   /tpl?k=<key>&u=<long>             the short URL as plain text (a custom template)
 *   /slow/api                         answers after `slowMs`
 *   /error/api                        HTTP 500
 *   /garbage/api                      HTML
 *   /s/<id>                           the short link: 302 to the long URL
 *   /redirect?to=<url>                302 to `to`
 *   /huge/api                         1 MB of text
 * `calls` counts requests per behaviour; `longUrls` keeps what was shortened.
 */
export class FakeShortener {
  readonly calls: Record<string, number> = {};
  readonly longUrls: string[] = [];
  private server?: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly slowMs = 3_000) {}

  get base(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** The long URL behind a short one. */
  resolve(shortUrl: string): string {
    const id = Number(/\/s\/(\d+)$/.exec(shortUrl)?.[1] ?? NaN);
    const long = this.longUrls[id];
    if (!long) throw new Error(`unknown short link ${shortUrl}`);
    return long;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const kind = url.pathname.split('/')[1] ?? '';
      this.calls[kind] = (this.calls[kind] ?? 0) + 1;
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const shorten = (long: string | null): string => {
        this.longUrls.push(long ?? '');
        return `${this.base}/s/${this.longUrls.length - 1}`;
      };
      switch (kind) {
        case 'good':
        case 'alt': {
          if (url.searchParams.get('api') !== 'good-key') return json(200, { status: 'error', message: `Invalid API key ${url.searchParams.get('api')}` });
          const short = shorten(url.searchParams.get('url'));
          return json(200, kind === 'good' ? { status: 'success', shortenedUrl: short } : { status: 'success', short_url: short });
        }
        case 'tpl':
          if (url.searchParams.get('k') !== 'good-key') return json(403, { error: 'forbidden' });
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end(shorten(url.searchParams.get('u')));
        case 'slow': {
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            json(200, { status: 'success', shortenedUrl: shorten(url.searchParams.get('url')) });
          }, this.slowMs);
          this.timers.add(timer);
          return;
        }
        case 'error':
          return json(500, { status: 'error', message: 'internal error' });
        case 'garbage':
          res.writeHead(200, { 'content-type': 'text/html' });
          return res.end('<html><body>Welcome to our shortener!</body></html>');
        case 'redirect':
          res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
          return res.end();
        case 'huge':
          res.writeHead(200, { 'content-type': 'text/plain' });
          return res.end('x'.repeat(1_000_000));
        case 's': {
          const long = this.longUrls[Number(url.pathname.split('/')[2])];
          res.writeHead(long ? 302 : 404, long ? { location: long } : {});
          return res.end();
        }
        default:
          res.writeHead(404);
          res.end();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
