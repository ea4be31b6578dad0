/**
 * One bot's pending updates. Updates stay queued until a later getUpdates `offset`
 * confirms them (Telegram's at-least-once contract), so a bot that crashes mid-batch sees
 * the batch again. A head index instead of `shift()` keeps confirmation O(confirmed).
 */
import type { TgUpdate } from './types';

/** Update types Telegram leaves out when allowed_updates is empty or never set. */
const OPT_IN_TYPES = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export class UpdateQueue {
  private items: TgUpdate[] = [];
  private head = 0;
  private nextId: number;
  /** Updates past `head` a webhook confirmed out of order (their chat's turn came first). */
  private done = new Set<number>();
  /** The last allowed_updates a getUpdates/setWebhook call set; filters new updates. */
  allowedUpdates: string[] = [];
  /** Called after an update is queued (wakes a long poll or the webhook sender). */
  onPush: (() => void) | undefined;
  delivered = 0;

  constructor(firstId: number) {
    this.nextId = firstId;
  }

  get pending(): number {
    return this.items.length - this.head - this.done.size;
  }

  /** Queues `{[type]: payload}` with the next update_id; undefined if allowed_updates filters it out. */
  push(type: string, payload: unknown): TgUpdate | undefined {
    const allowed = this.allowedUpdates.length > 0 ? this.allowedUpdates.includes(type) : !OPT_IN_TYPES.has(type);
    if (!allowed) return undefined;
    const update: TgUpdate = { update_id: this.nextId++, [type]: payload };
    this.items.push(update);
    this.onPush?.();
    return update;
  }

  /** Queues a raw (possibly hostile) update as-is, bypassing allowed_updates; for fuzzing. */
  pushRaw(raw: Record<string, unknown>): TgUpdate {
    const update: TgUpdate = { ...raw, update_id: this.nextId++ };
    this.items.push(update);
    this.onPush?.();
    return update;
  }

  /** Applies a getUpdates offset: drops everything before it; a negative offset keeps the last -offset updates. */
  confirm(offset: number): void {
    if (offset < 0) {
      this.head = Math.max(this.head, this.items.length + offset);
    } else {
      while (this.head < this.items.length && this.items[this.head]!.update_id < offset) this.head++;
    }
    this.skipDone();
    // Only an offset moves the head past ids without looking at `done`: forget those confirmations.
    // (confirmOne refuses ids below the head and skipDone deletes each id it steps over, so
    // nothing else leaves a stale id behind.)
    const first = this.items[this.head];
    if (this.done.size > 0) for (const id of this.done) if (!first || id < first.update_id) this.done.delete(id);
  }

  /**
   * Confirms one update (a webhook's 2xx): webhooks deliver several chats' updates at once,
   * so they are confirmed out of order, unlike a getUpdates offset.
   */
  confirmOne(updateId: number): void {
    const first = this.items[this.head];
    if (!first || updateId < first.update_id || updateId >= this.nextId) return;
    this.done.add(updateId);
    this.skipDone();
  }

  peek(limit: number): TgUpdate[] {
    if (this.done.size === 0) return this.items.slice(this.head, this.head + limit);
    const out: TgUpdate[] = [];
    for (let i = this.head; i < this.items.length && out.length < limit; i++) {
      if (!this.done.has(this.items[i]!.update_id)) out.push(this.items[i]!);
    }
    return out;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.done.clear();
  }

  /** Moves `head` past confirmed updates, forgetting each confirmation it steps over. */
  private skipDone(): void {
    while (this.head < this.items.length && this.done.delete(this.items[this.head]!.update_id)) this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
