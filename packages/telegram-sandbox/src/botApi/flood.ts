/**
 * Telegram's flood limits as token buckets: per chat (~1 msg/s with a small burst), per bot
 * (~30 msg/s) and per group (~20 msg/min). A send that would overflow any bucket is refused
 * with 429 and `retry_after` = seconds until it would fit; refused sends consume nothing.
 * Pure arithmetic on Date.now(): no timers, nothing to clean up.
 */
import { tooManyRequests } from './errors';

export interface FloodOptions {
  enabled?: boolean;
  perChatPerSecond?: number;
  perChatBurst?: number;
  perBotPerSecond?: number;
  perGroupPerMinute?: number;
}

interface Bucket { tokens: number; at: number }
interface Rule { rate: number; capacity: number }

export class FloodLimiter {
  private buckets = new Map<string, Bucket>();
  readonly options: Required<FloodOptions>;

  constructor(opts: FloodOptions = {}) {
    this.options = {
      enabled: opts.enabled ?? true,
      perChatPerSecond: opts.perChatPerSecond ?? 1,
      perChatBurst: opts.perChatBurst ?? 5,
      perBotPerSecond: opts.perBotPerSecond ?? 30,
      perGroupPerMinute: opts.perGroupPerMinute ?? 20,
    };
  }

  configure(opts: FloodOptions): void {
    Object.assign(this.options, Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)));
    this.buckets.clear();
  }

  /** Throws 429 if the bot may not send to this chat now; otherwise counts the send. */
  take(botId: number, chatId: number, isGroup: boolean): void {
    if (!this.options.enabled) return;
    const o = this.options;
    const rules: Array<[string, Rule]> = [
      [`b:${botId}`, { rate: o.perBotPerSecond, capacity: o.perBotPerSecond }],
      [`c:${botId}:${chatId}`, { rate: o.perChatPerSecond, capacity: Math.max(1, o.perChatBurst) }],
    ];
    if (isGroup) rules.push([`g:${botId}:${chatId}`, { rate: o.perGroupPerMinute / 60, capacity: o.perGroupPerMinute }]);
    const t = Date.now() / 1000;
    let wait = 0;
    const buckets = rules.map(([key, rule]) => {
      let b = this.buckets.get(key);
      if (!b) { b = { tokens: rule.capacity, at: t }; this.buckets.set(key, b); }
      b.tokens = Math.min(rule.capacity, b.tokens + (t - b.at) * rule.rate);
      b.at = t;
      if (b.tokens < 1) wait = Math.max(wait, (1 - b.tokens) / rule.rate);
      return b;
    });
    if (wait > 0) throw tooManyRequests(Math.max(1, Math.ceil(wait)));
    for (const b of buckets) b.tokens -= 1;
  }
}
