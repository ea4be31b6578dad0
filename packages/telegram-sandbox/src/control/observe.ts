/**
 * Reading what happened: transcripts and `waitForBotMessage`.
 *
 * waitForBotMessage is race-free by construction: it looks at messages already stored
 * after a cursor before it subscribes. The default cursor is the later of (a) the user's
 * last message in that chat and (b) the last message an earlier wait in that chat
 * returned, so "send, wait, wait" yields the first and then the second reply.
 */
import type { Conversation, StoredMessage, World, WorldEvent } from '../state/world';
import type { TgMessage } from '../state/types';
import { SandboxError } from './refs';

export interface TranscriptEntry {
  seq: number;
  messageId: number;
  direction: 'user' | 'bot';
  /** Display name of the sender. */
  from: string;
  /** What it shows: its text, caption, or a kind tag like `[photo]`, `[invoice: title]`. */
  summary: string;
  message: TgMessage;
  edited: boolean;
  history: TgMessage[];
  deleted: boolean;
  /** The full reply_markup as sent (includes reply keyboards). */
  markup?: unknown;
}

export interface WaitOptions {
  chatId: number;
  botRef?: number | string;
  predicate?: (m: TgMessage) => boolean;
  timeoutMs?: number;
  /** Only messages with a sequence number above this (see `TelegramSandbox.cursor()`). */
  after?: number;
}

export function summarize(m: TgMessage): string {
  if (m.text !== undefined) return m.text;
  const kind = ['photo', 'animation', 'video', 'audio', 'voice', 'document'].find((k) => m[k] !== undefined);
  if (kind) return `[${kind}]${m.caption ? ' ' + m.caption : ''}`;
  if (m.invoice) return `[invoice: ${(m.invoice as { title: string }).title}]`;
  if (m.successful_payment) return `[successful_payment ${(m.successful_payment as { total_amount: number }).total_amount} XTR]`;
  if (m.managed_bot_created) return `[managed_bot_created @${m.managed_bot_created.bot.username}]`;
  return '[service message]';
}

export function toEntry(s: StoredMessage): TranscriptEntry {
  const m = s.message;
  const from = m.from ? (m.from.username ? '@' + m.from.username : m.from.first_name) : (m.sender_chat?.title ?? '?');
  const entry: TranscriptEntry = { seq: s.seq, messageId: m.message_id, direction: s.direction, from, summary: summarize(m), message: m, edited: s.history.length > 0, history: s.history, deleted: s.deleted };
  if (s.markup) entry.markup = s.markup;
  return entry;
}

export class Observer {
  private consumed = new Map<string, number>();
  private pending = new Set<{ fail: (e: Error) => void }>();

  constructor(private readonly world: World) {}

  transcript(conv: Conversation | undefined): TranscriptEntry[] {
    return conv ? conv.order.map(toEntry) : [];
  }

  waitForBotMessage(key: string, opts: WaitOptions): Promise<TgMessage> {
    const conv = this.world.conversations.get(key);
    const cursor = opts.after ?? Math.max(lastUserSeq(conv), this.consumed.get(key) ?? 0);
    const matches = (s: { seq: number; direction?: string; message?: TgMessage }): boolean =>
      s.seq > cursor && s.direction === 'bot' && !!s.message && (!opts.predicate || opts.predicate(s.message));
    const found = conv?.order.find((s) => matches(s));
    if (found) return Promise.resolve(this.take(key, found.seq, found.message));
    const timeoutMs = opts.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const waiter = { fail: (e: Error): void => { cleanup(); reject(e); } };
      const onEvent = (ev: WorldEvent): void => {
        if (ev.kind !== 'message' || ev.conversation !== key || !matches(ev)) return;
        cleanup();
        resolve(this.take(key, ev.seq, ev.message!));
      };
      const timer = setTimeout(() => waiter.fail(new SandboxError(this.timeoutMessage(key, opts, cursor, timeoutMs))), timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.world.off('event', onEvent);
        this.pending.delete(waiter);
      };
      this.pending.add(waiter);
      this.world.on('event', onEvent);
    });
  }

  /** Rejects every pending wait (the sandbox is stopping). */
  abortAll(): void {
    for (const w of [...this.pending]) w.fail(new SandboxError('the sandbox stopped while waiting for a bot message'));
  }

  private take(key: string, seq: number, message: TgMessage): TgMessage {
    this.consumed.set(key, Math.max(seq, this.consumed.get(key) ?? 0));
    return message;
  }

  private timeoutMessage(key: string, opts: WaitOptions, cursor: number, timeoutMs: number): string {
    const conv = this.world.conversations.get(key);
    const last = (conv?.order ?? []).slice(-8).map((s) => {
      const flags = `${s.seq > cursor ? '' : ' (before cursor)'}${s.deleted ? ' (deleted)' : ''}${s.history.length ? ' (edited)' : ''}`;
      return `  #${s.message.message_id} ${s.direction === 'bot' ? 'bot ' : 'user'}: ${JSON.stringify(summarize(s.message).slice(0, 200))}${flags}`;
    });
    return [
      `waitForBotMessage timed out after ${timeoutMs} ms: no ${opts.predicate ? 'matching ' : ''}bot message in chat ${opts.chatId} after seq ${cursor}.`,
      last.length ? `Last messages in that chat:\n${last.join('\n')}` : 'That chat has no messages at all (did the bot start polling? is the chat id right?).',
    ].join('\n');
  }
}

function lastUserSeq(conv: Conversation | undefined): number {
  if (!conv) return 0;
  for (let i = conv.order.length - 1; i >= 0; i--) if (conv.order[i]!.direction === 'user') return conv.order[i]!.seq;
  return 0;
}
