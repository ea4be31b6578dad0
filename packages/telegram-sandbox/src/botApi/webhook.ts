/**
 * Webhook delivery: one update at a time per bot, POSTed as JSON with
 * `X-Telegram-Bot-Api-Secret-Token`. A 2xx confirms the update; anything else is recorded
 * in getWebhookInfo's last_error_* and retried after `retryMs`. A JSON body with `method`
 * in the response is executed as that bot's call (Telegram's "webhook reply").
 */
import http from 'node:http';
import https from 'node:https';
import type { BotRecord, WebhookConfig } from '../state/world';
import type { TgUpdate } from '../state/types';

export class WebhookSender {
  private busy = new Set<number>();
  private timers = new Set<NodeJS.Timeout>();
  private requests = new Set<http.ClientRequest>();
  private stopped = false;

  constructor(
    private readonly retryMs: number,
    private readonly runReply: (bot: BotRecord, method: string, params: Record<string, unknown>) => Promise<unknown>,
  ) {}

  kick(bot: BotRecord): void {
    if (this.stopped || !bot.webhook || this.busy.has(bot.id)) return;
    this.busy.add(bot.id);
    void this.loop(bot).finally(() => this.busy.delete(bot.id));
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    for (const r of this.requests) r.destroy();
  }

  private async loop(bot: BotRecord): Promise<void> {
    while (!this.stopped && bot.webhook) {
      const update = bot.queue.peek(1)[0];
      if (!update) return;
      const hook = bot.webhook;
      const outcome = await this.post(hook, update);
      if (this.stopped) return;
      if (outcome.ok) {
        bot.queue.confirm(update.update_id + 1);
        bot.queue.delivered++;
        const reply = parseReply(outcome.body);
        if (reply) await this.runReply(bot, reply.method, reply.params).catch(() => undefined);
      } else {
        hook.lastErrorDate = Math.floor(Date.now() / 1000);
        hook.lastErrorMessage = outcome.error;
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => { this.timers.delete(t); resolve(); }, this.retryMs);
          this.timers.add(t);
        });
      }
    }
  }

  private post(hook: WebhookConfig, update: TgUpdate): Promise<{ ok: true; body: string } | { ok: false; error: string }> {
    return new Promise((resolve) => {
      const data = Buffer.from(JSON.stringify(update));
      const url = new URL(hook.url);
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': data.length };
      if (hook.secretToken) headers['X-Telegram-Bot-Api-Secret-Token'] = hook.secretToken;
      const lib = url.protocol === 'https:' ? https : http;
      const req = lib.request(url, { method: 'POST', headers, agent: false, timeout: 60_000, rejectUnauthorized: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          this.requests.delete(req);
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ ok: true, body: Buffer.concat(chunks).toString('utf8') });
          else resolve({ ok: false, error: `Wrong response from the webhook: ${status} ${res.statusMessage ?? ''}`.trim() });
        });
        res.on('error', () => { this.requests.delete(req); resolve({ ok: false, error: 'Connection reset by peer' }); });
      });
      this.requests.add(req);
      req.on('timeout', () => req.destroy(new Error('Read timeout expired')));
      req.on('error', (e) => {
        this.requests.delete(req);
        resolve({ ok: false, error: /ECONNREFUSED/.test(String(e)) ? 'Connection refused' : e.message });
      });
      req.end(data);
    });
  }
}

function parseReply(body: string): { method: string; params: Record<string, unknown> } | undefined {
  if (!body.trim().startsWith('{')) return undefined;
  try {
    const { method, ...params } = JSON.parse(body) as Record<string, unknown>;
    return typeof method === 'string' ? { method, params } : undefined;
  } catch {
    return undefined;
  }
}
