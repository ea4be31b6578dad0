/**
 * Types of the broadcast engine: what a send returns, what a broadcast and a recipient are,
 * and the clock the engine runs on. Shared by the mother bot and every clone bot; nothing here
 * knows Telegraf, so the apps adapt their Telegram client to {@link SendRecipient}.
 */

/**
 * The result of one attempt to send the broadcast's message to one chat.
 * - `retry_after`: Telegram's 429; the whole broadcast waits `seconds`, then the same chat is retried.
 * - `blocked`: 403 (blocked, deactivated, cannot initiate); the caller may mark the user blocked.
 * - `failed`: any other 4xx for this chat; recorded with the reason, not retried.
 * - `transient`: network error or 5xx; retried with back-off a few times, then `failed`.
 * - `fatal`: the bot cannot send at all (401: token revoked); the broadcast pauses itself.
 */
export type SendOutcome =
  | { ok: true }
  | { ok: false; kind: 'retry_after'; seconds: number }
  | { ok: false; kind: 'blocked'; description: string }
  | { ok: false; kind: 'failed'; description: string }
  | { ok: false; kind: 'transient'; description: string }
  | { ok: false; kind: 'fatal'; description: string };

/**
 * What to broadcast. `copy` re-sends a message the admin or owner wrote (copyMessage keeps
 * media and formatting); `text` is a plain text. The engine stores it and hands it back to
 * `send`; it never interprets it.
 */
export type BroadcastMessage =
  | { kind: 'copy'; fromChatId: number; messageId: number }
  | { kind: 'text'; text: string; parseMode?: 'HTML' | 'MarkdownV2' };

/** The broadcast a send belongs to, as given to {@link SendRecipient}. */
export interface BroadcastRef {
  id: string;
  message: BroadcastMessage;
}

/**
 * Sends the broadcast's message to one chat and says how it went, Telegram's answer already
 * classified (bot-kit's broadcast sender does it for Telegraf): the engine knows no Telegram
 * error. Whatever it throws is counted as `transient`.
 */
export type SendRecipient = (chatId: number, broadcast: BroadcastRef) => Promise<SendOutcome>;

/** `draft` (recipients being added) → `running` ⇄ `paused` → `completed` | `cancelled`. */
export type BroadcastStatus = 'draft' | 'running' | 'paused' | 'completed' | 'cancelled';

/**
 * `sending` is written before the send (the claim); `unknown` is a recipient that was being
 * sent to when the process died: it is never retried, so nobody gets the message twice.
 */
export type RecipientStatus = 'pending' | 'sending' | 'sent' | 'blocked' | 'failed' | 'unknown';

/** Counters of one broadcast; `pending` counts recipients not yet tried (or handed back). */
export interface BroadcastCounters {
  total: number;
  sent: number;
  blocked: number;
  failed: number;
  unknown: number;
}

/** A snapshot of a broadcast's progress, readable at any time. */
export interface BroadcastProgress extends BroadcastCounters {
  broadcastId: string;
  status: BroadcastStatus;
  pending: number;
  /** Messages per second actually sent over the last ten seconds (0 when idle). */
  rate: number;
  /** Why it is paused (`fatal` send error, or an operator's pause), if it is. */
  reason: string | null;
}

/**
 * The engine's notion of time. Injected so tests run a 10,000-recipient broadcast in seconds of
 * real time; `sleep` resolves early (never rejects) when `signal` aborts.
 */
export interface BroadcastClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now()` and an abortable `setTimeout`. */
export const systemClock: BroadcastClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};
