/**
 * getMe, getUpdates (long polling) and webhooks. A long poll holds the request until an
 * update arrives, `timeout` passes, the client goes away or the sandbox stops. A second
 * concurrent poll on the same token gets 409, as on Telegram.
 */
import type { MethodContext, MethodHandler } from '../context';
import type { BotRecord } from '../../state/world';
import type { TgUpdate } from '../../state/types';
import { badRequest, conflict, unauthorized } from '../errors';

interface Poll { wake: () => void }
const polls = new WeakMap<BotRecord, Poll>();
/** Every getUpdates call of a bot still being answered (waiting or not), by when each ends. */
const inFlight = new WeakMap<BotRecord, Set<Promise<void>>>();

/** Wakes the bot's pending long poll, if any (called whenever an update is queued). */
export function wakePoll(bot: BotRecord): void {
  polls.get(bot)?.wake();
}

/** Resolves after `ms`, or earlier when `signal` aborts; always clears its timer. */
function sleep(ms: number, signal: AbortSignal, extra?: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => { clearTimeout(timer); signal.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
    void extra?.then(done);
  });
}

function readAllowed(ctx: MethodContext): void {
  const allowed = ctx.params.json<unknown>('allowed_updates', 'allowed updates');
  if (allowed === undefined) return;
  if (!Array.isArray(allowed) || allowed.some((t) => typeof t !== 'string')) throw badRequest("can't parse allowed updates JSON object");
  ctx.bot.queue.allowedUpdates = allowed as string[];
}

const getUpdates: MethodHandler = async (ctx) => {
  const { bot } = ctx;
  if (bot.webhook) throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
  let calls = inFlight.get(bot);
  if (!calls) inFlight.set(bot, (calls = new Set()));
  if (calls.size > 0) {
    // Grace for a poller that has just aborted (e.g. Telegraf's stop() followed by its offset sync).
    await sleep(100, ctx.signal, Promise.all(calls).then(() => undefined));
    if (calls.size > 0) {
      ctx.stats.pollOverlap(bot.id);
      throw conflict('terminated by other getUpdates request; make sure that only one bot instance is running');
    }
  }
  let finished!: () => void;
  const call = new Promise<void>((resolve) => (finished = resolve));
  calls.add(call);
  try {
    return await answerGetUpdates(ctx);
  } finally {
    calls.delete(call);
    finished();
  }
};

async function answerGetUpdates(ctx: MethodContext): Promise<TgUpdate[]> {
  const { bot, params } = ctx;
  const token = bot.token;
  const offset = params.int('offset');
  const limit = Math.min(100, Math.max(1, params.int('limit') ?? 100));
  const timeout = Math.max(0, params.int('timeout') ?? 0);
  readAllowed(ctx);
  if (offset !== undefined) bot.queue.confirm(offset);
  let updates: TgUpdate[] = bot.queue.peek(limit);
  if (updates.length === 0 && timeout > 0 && !ctx.signal.aborted) {
    let wake!: () => void;
    const woken = new Promise<void>((r) => (wake = r));
    const poll: Poll = { wake };
    polls.set(bot, poll);
    try {
      await sleep(timeout * 1000, ctx.signal, woken);
    } finally {
      if (polls.get(bot) === poll) polls.delete(bot);
    }
    if (bot.webhook) throw conflict('terminated by setWebhook request');
    if (bot.token !== token) throw unauthorized();
    updates = bot.queue.peek(limit);
  }
  bot.queue.delivered += updates.length;
  return updates;
}

const getMe: MethodHandler = (ctx) => ({
  ...ctx.bot.user,
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
});

const setWebhook: MethodHandler = (ctx) => {
  const url = ctx.params.str('url') ?? '';
  if (url === '') {
    ctx.bot.webhook = undefined;
    return true;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('bad webhook: Failed to resolve host: Name or service not known');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  // As Telegram: an empty secret_token means none; max_connections is clamped to 1-100, not refused.
  const secret = ctx.params.str('secret_token') || undefined;
  if (secret !== undefined && secret.length > 256) throw badRequest('secret token is too long');
  if (secret !== undefined && !/^[A-Za-z0-9_-]+$/.test(secret)) throw badRequest('secret token contains unallowed characters');
  const maxConnections = Math.min(100, Math.max(1, ctx.params.int('max_connections') ?? 40));
  readAllowed(ctx);
  const drop = ctx.params.bool('drop_pending_updates') === true;
  if (drop) ctx.bot.queue.clear();
  const old = ctx.bot.webhook;
  // An unchanged webhook keeps its last error, as Telegram's "Webhook is already set" does.
  if (!old || drop || old.url !== url || old.secretToken !== secret || old.maxConnections !== maxConnections) {
    ctx.bot.webhook = { url, secretToken: secret, maxConnections };
  }
  wakePoll(ctx.bot);
  ctx.kickWebhook(ctx.bot);
  return true;
};

const deleteWebhook: MethodHandler = (ctx) => {
  ctx.bot.webhook = undefined;
  if (ctx.params.bool('drop_pending_updates')) ctx.bot.queue.clear();
  return true;
};

const getWebhookInfo: MethodHandler = (ctx) => {
  const w = ctx.bot.webhook;
  const info: Record<string, unknown> = { url: w?.url ?? '', has_custom_certificate: false, pending_update_count: ctx.bot.queue.pending };
  if (w) {
    info.max_connections = w.maxConnections;
    if (w.lastErrorDate) { info.last_error_date = w.lastErrorDate; info.last_error_message = w.lastErrorMessage; }
    if (ctx.bot.queue.allowedUpdates.length) info.allowed_updates = ctx.bot.queue.allowedUpdates;
  }
  return info;
};

export const updateMethods: Record<string, MethodHandler> = { getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo };
