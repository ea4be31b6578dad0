/**
 * Webhook delivery as Telegram does it: each update POSTed as JSON with
 * `X-Telegram-Bot-Api-Secret-Token`, up to the webhook's max_connections requests open per
 * bot over kept-alive connections. Updates of one chat go one at a time and in order (Telegram
 * queues them per chat), different chats in parallel. Only a 2xx confirms an update; anything
 * else is recorded in getWebhookInfo's last_error_* and the update is sent again after
 * `retryMs`. An update is never in two requests at once. A JSON body with `method` in the
 * response is executed as that bot's call (Telegram's "webhook reply") before the chat's next
 * update goes out.
 */
import http from 'node:http';
import https from 'node:https';
import type { BotRecord, WebhookConfig } from '../state/world';
import type { TgUpdate } from '../state/types';
import type { Stats } from '../state/stats';
import { deliveryChat } from './webhookChat';

/** Idle kept-alive connections close before a Node server's default 5 s keep-alive timeout would. */
const IDLE_SOCKET_MS = 4000;
const REQUEST_TIMEOUT_MS = 60_000;

type Outcome = { ok: true; body: string } | { ok: false; error: string };

/** One bot's deliveries: what is being sent, what waits for a retry, its connections. */
interface BotDeliveries {
  inFlight: Set<number>;
  /** update_id -> when it may be sent again, for updates the webhook refused. */
  retryAt: Map<number, number>;
  timer: NodeJS.Timeout | undefined;
  timerAt: number;
  /** The webhook these deliveries are for; a new one (setWebhook changed it) starts without retry pauses. */
  hook: WebhookConfig;
  agent: http.Agent;
  agentKey: string;
}

export class WebhookSender {
  private bots = new Map<number, BotDeliveries>();
  private agents = new Set<http.Agent>();
  private requests = new Set<http.ClientRequest>();
  private stopped = false;

  constructor(
    private readonly retryMs: number,
    private readonly stats: Stats,
    private readonly runReply: (bot: BotRecord, method: string, params: Record<string, unknown>) => Promise<unknown>,
  ) {}

  /** Sends what the bot's queue holds, as far as max_connections and per-chat order allow. */
  kick(bot: BotRecord): void {
    const hook = bot.webhook;
    if (this.stopped || !hook) return;
    const d = this.deliveries(bot, hook);
    if (d.inFlight.size >= hook.maxConnections) return;
    const now = Date.now();
    const window = bot.queue.peek(Math.max(100, hook.maxConnections * 4));
    if (d.retryAt.size > 0 && window[0]) for (const id of d.retryAt.keys()) if (id < window[0].update_id) d.retryAt.delete(id);
    /** Chats with an earlier update still unconfirmed: their later updates wait. */
    const busyChats = new Set<string>();
    let wakeAt = Infinity;
    for (const update of window) {
      if (d.inFlight.size >= hook.maxConnections) break;
      const chat = deliveryChat(update);
      if (chat !== undefined) {
        if (busyChats.has(chat)) continue;
        busyChats.add(chat);
      }
      if (d.inFlight.has(update.update_id)) continue;
      const due = d.retryAt.get(update.update_id);
      if (due !== undefined && due > now) {
        wakeAt = Math.min(wakeAt, due);
        continue;
      }
      this.send(bot, hook, d, update);
    }
    if (wakeAt !== Infinity) this.wakeAt(bot, d, wakeAt);
  }

  stop(): void {
    this.stopped = true;
    for (const d of this.bots.values()) clearTimeout(d.timer);
    for (const r of this.requests) r.destroy();
    for (const a of this.agents) a.destroy();
  }

  private deliveries(bot: BotRecord, hook: WebhookConfig): BotDeliveries {
    let d = this.bots.get(bot.id);
    if (d && d.hook === hook) return d;
    if (d) {
      d.hook = hook;
      d.retryAt.clear();
    }
    const key = `${new URL(hook.url).protocol}|${hook.maxConnections}`;
    if (d && d.agentKey === key) return d;
    const options = { keepAlive: true, maxSockets: hook.maxConnections, timeout: IDLE_SOCKET_MS };
    const agent = key.startsWith('https:') ? new https.Agent({ ...options, rejectUnauthorized: false }) : new http.Agent(options);
    this.agents.add(agent);
    if (d) {
      d.agent = agent;
      d.agentKey = key;
    } else {
      d = { inFlight: new Set(), retryAt: new Map(), timer: undefined, timerAt: Infinity, hook, agent, agentKey: key };
      this.bots.set(bot.id, d);
    }
    return d;
  }

  private wakeAt(bot: BotRecord, d: BotDeliveries, at: number): void {
    if (d.timer && d.timerAt <= at) return;
    clearTimeout(d.timer);
    d.timerAt = at;
    d.timer = setTimeout(() => {
      d.timer = undefined;
      d.timerAt = Infinity;
      this.kick(bot);
    }, Math.max(0, at - Date.now()));
  }

  private send(bot: BotRecord, hook: WebhookConfig, d: BotDeliveries, update: TgUpdate): void {
    const id = update.update_id;
    if (d.retryAt.delete(id)) this.stats.webhookAttempt(bot.id, 'retried');
    d.inFlight.add(id);
    this.stats.webhookInFlight(bot.id, d.inFlight.size);
    void this.post(hook, update, d.agent).then(async (outcome) => {
      if (this.stopped) return;
      if (outcome.ok) {
        bot.queue.confirmOne(id);
        bot.queue.delivered++;
        this.stats.webhookAttempt(bot.id, 'delivered');
        const reply = parseReply(outcome.body);
        if (reply) await this.runReply(bot, reply.method, reply.params).catch(() => undefined);
      } else {
        hook.lastErrorDate = Math.floor(Date.now() / 1000);
        hook.lastErrorMessage = outcome.error;
        this.stats.webhookAttempt(bot.id, 'refused');
        d.retryAt.set(id, Date.now() + this.retryMs);
      }
      d.inFlight.delete(id);
      this.kick(bot);
    });
  }

  /** One POST; a kept-alive connection the server closed meanwhile is retried once on a fresh one. */
  private post(hook: WebhookConfig, update: TgUpdate, agent: http.Agent, again = false): Promise<Outcome> {
    return new Promise((resolve) => {
      const data = Buffer.from(JSON.stringify(update));
      const url = new URL(hook.url);
      const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': data.length };
      if (hook.secretToken) headers['X-Telegram-Bot-Api-Secret-Token'] = hook.secretToken;
      const lib = url.protocol === 'https:' ? https : http;
      const req = lib.request(url, { method: 'POST', headers, agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
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
      req.on('error', (e: NodeJS.ErrnoException) => {
        this.requests.delete(req);
        if (req.reusedSocket && e.code === 'ECONNRESET' && !again && !this.stopped) {
          resolve(this.post(hook, update, agent, true));
          return;
        }
        resolve({ ok: false, error: e.code === 'ECONNREFUSED' ? 'Connection refused' : e.message });
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
