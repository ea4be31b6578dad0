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
}

export class Stats {
  private total = 0;
  private byMethod = new Map<string, number>();
  private byBot = new Map<number, Map<string, number>>();
  private sent = new Map<number, Map<number, number>>();
  private overlaps = new Map<number, number>();

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
    };
  }
}
