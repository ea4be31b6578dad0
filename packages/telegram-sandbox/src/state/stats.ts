/** Counters for tests and benchmarks: requests per method and bot, messages per bot and chat. */
export interface StatsSnapshot {
  requests: { total: number; byMethod: Record<string, number>; byBot: Record<string, Record<string, number>> };
  messagesSent: Record<string, { total: number; byChat: Record<string, number> }>;
  updatesDelivered: Record<string, number>;
  updatesPending: Record<string, number>;
  /**
   * getUpdates calls, per bot, that arrived while another getUpdates of the same token was still
   * in flight (after a short grace for a poller handing over to itself). Telegram answers them
   * 409; a platform that never runs a bot twice keeps this at 0 for every bot.
   */
  overlappingPolls: Record<string, number>;
  /** Webhook deliveries per bot (only bots that had a webhook); see `WebhookDeliveryCounts`. */
  webhookDeliveries: Record<string, WebhookDeliveryCounts>;
}

/**
 * One bot's webhook deliveries: `delivered` updates confirmed by a 2xx, `refused` attempts
 * answered otherwise (non-2xx, refused connection, timeout), `retried` re-sends of an update
 * refused before, and `peakInFlight` the most requests the bot had at once (never above its
 * max_connections).
 */
export interface WebhookDeliveryCounts { delivered: number; refused: number; retried: number; peakInFlight: number }

export class Stats {
  private total = 0;
  private byMethod = new Map<string, number>();
  private byBot = new Map<number, Map<string, number>>();
  private sent = new Map<number, Map<number, number>>();
  private overlaps = new Map<number, number>();
  private hooks = new Map<number, WebhookDeliveryCounts>();

  request(botId: number, method: string): void {
    this.total++;
    this.byMethod.set(method, (this.byMethod.get(method) ?? 0) + 1);
    let m = this.byBot.get(botId);
    if (!m) this.byBot.set(botId, (m = new Map()));
    m.set(method, (m.get(method) ?? 0) + 1);
  }

  pollOverlap(botId: number): void {
    this.overlaps.set(botId, (this.overlaps.get(botId) ?? 0) + 1);
  }

  /** Counts one webhook attempt's outcome. */
  webhookAttempt(botId: number, outcome: 'delivered' | 'refused' | 'retried'): void {
    this.hookCounts(botId)[outcome]++;
  }

  /** Notes how many webhook requests `botId` has open right after opening one. */
  webhookInFlight(botId: number, inFlight: number): void {
    const c = this.hookCounts(botId);
    c.peakInFlight = Math.max(c.peakInFlight, inFlight);
  }

  private hookCounts(botId: number): WebhookDeliveryCounts {
    let c = this.hooks.get(botId);
    if (!c) this.hooks.set(botId, (c = { delivered: 0, refused: 0, retried: 0, peakInFlight: 0 }));
    return c;
  }

  messageSent(botId: number, chatId: number): void {
    let m = this.sent.get(botId);
    if (!m) this.sent.set(botId, (m = new Map()));
    m.set(chatId, (m.get(chatId) ?? 0) + 1);
  }

  /** Messages `botId` sent to `chatId` (all chats when omitted): a duplicate detector for tests. */
  messagesSent(botId: number, chatId?: number): number {
    const m = this.sent.get(botId);
    if (!m) return 0;
    if (chatId !== undefined) return m.get(chatId) ?? 0;
    let n = 0;
    for (const v of m.values()) n += v;
    return n;
  }

  snapshot(delivered: Record<string, number>, pending: Record<string, number>): StatsSnapshot {
    const messagesSent: StatsSnapshot['messagesSent'] = {};
    for (const [bot, chats] of this.sent) {
      messagesSent[bot] = { total: this.messagesSent(bot), byChat: Object.fromEntries(chats) };
    }
    const byBot: Record<string, Record<string, number>> = {};
    for (const [bot, m] of this.byBot) byBot[bot] = Object.fromEntries(m);
    return {
      requests: { total: this.total, byMethod: Object.fromEntries(this.byMethod), byBot },
      messagesSent,
      updatesDelivered: delivered,
      updatesPending: pending,
      overlappingPolls: Object.fromEntries(this.overlaps),
      webhookDeliveries: Object.fromEntries([...this.hooks].map(([bot, c]) => [bot, { ...c }])),
    };
  }
}
