/**
 * Generators and observers for the fuzz and security suites. Everything random
 * comes from a seeded PRNG, so a failing run is reproduced by its seed (printed by the tests,
 * overridable with FUZZ_SEED).
 */

/** mulberry32: tiny, fast, good enough to drive a fuzzer; the same seed gives the same run. */
export class Rng {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  /** `n` characters drawn from `alphabet`. */
  chars(alphabet: string, n: number): string {
    const a = Array.from(alphabet);
    let s = '';
    for (let i = 0; i < n; i += 1) s += this.pick(a);
    return s;
  }
}

/** The seed of this run: FUZZ_SEED, or a fixed default so CI is reproducible. */
export function fuzzSeed(defaultSeed = 20_240_610): number {
  const env = Number(process.env.FUZZ_SEED);
  return Number.isInteger(env) && env > 0 ? env : defaultSeed;
}

/** Whether the long versions run (`npm run test:security` sets SECURITY_LONG=1). */
export const LONG = process.env.SECURITY_LONG === '1';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const PAYLOAD_SAFE = `${ALNUM}_-`;

/** Pieces of hostile text: each is a way a real bot has been broken by user input. */
export const HOSTILE_PIECES: readonly string[] = [
  '<b>', '</b>', '<i>x</i>', '<a href="javascript:alert(1)">x</a>', '<script>alert(1)</script>', '</code>', '<pre>', '&', '&amp;', '&#0;', '&lt;', '<', '>', '"', "'",
  '*bold*', '_it_', '__u__', '~s~', '||spoiler||', '`code`', '```\nblock\n```', '[link](tg://user?id=1)', '\\', '![x](y)', '[', ']', '(', ')',
  '{first_name}', '{username}', '{unknown}', '${process.env.MASTER_KEY}', '%s%s%n', '{{7*7}}',
  '\u202e', '\u202d', '\u200f', '\u200e', '\u2066', '\u2069', '\u200b', '\ufeff', '\u00ad', '\u2028', '\u2029',
  '\u0000', '\u0001', '\u0007', '\u001b[31m', '\r\n', '\t', '\u007f',
  '🧨', '👨‍👩‍👧‍👦', '🏳️‍🌈', 'Z̷̛͚a̸l̵g̶o̵', '﷽', 'ﷺ', 'ä', '𝕏', '\ud83d', '\udc00',
  '@admin', '@mother_test_bot', '#tag', '$USD', 'https://t.me/x?start=f_abc', 'tg://resolve?domain=x',
  '/start', '/admin', '/new', '/clones', '/cancel', '/settings', '/stats', '/broadcast', '/delete', '/link',
  'null', 'undefined', 'NaN', '-1', '0', '1e309', '9007199254740993', 'true', '{}', '[]', '{"$gt":""}', '$where', '__proto__', 'constructor',
  "' OR 1=1 --", '../../etc/passwd', '%00', '\\x00',
];

/** A hostile text of 0 to ~5000 characters (the sandbox refuses user texts > 4096: use with injectUpdate for those). */
export function hostileText(rng: Rng, maxLength = 4096): string {
  switch (rng.int(0, 9)) {
    case 0:
      return rng.pick(['', ' ', '\n', '\u200b', '\u0000', '\u202e']);
    case 1: // huge
      return rng.pick(HOSTILE_PIECES).repeat(maxLength).slice(0, rng.int(maxLength - 10, maxLength));
    case 2: // a command with hostile arguments
      return `${rng.pick(['/start', '/help', '/new', '/clones', '/admin', '/privacy', '/paysupport', '/setplan', '/cancel', '/search', '/settings', '/stats', '/broadcast', '/delete', '/link', '/batch', '/done', '/health', '/errors', '/readiness'])}${rng.chance(0.3) ? '@' + rng.chars(ALNUM, rng.int(1, 20)) : ''} ${mixPieces(rng, rng.int(1, 8))}`.slice(0, maxLength);
    case 3:
      return rng.chars('\u0000\u0001\u0002\u0008\u000b\u000c\u000e\u001f\u007f\u0080\u009f\u202e\u200f\u2066', rng.int(1, 50));
    case 4: // looks like a token (the mother must delete it and not crash)
      return `${rng.int(10000, 9_999_999_999)}:${rng.chars(`${ALNUM}_-`, rng.int(20, 40))}`;
    default:
      return mixPieces(rng, rng.int(1, 30)).slice(0, maxLength);
  }
}

function mixPieces(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i += 1) s += rng.chance(0.7) ? rng.pick(HOSTILE_PIECES) : rng.chars(ALNUM + ' ', rng.int(1, 12));
  return s;
}

/** A `/start` payload of every shape: valid-looking codes, too long, bad characters, padding, unicode. */
export function startPayload(rng: Rng, knownCodes: readonly string[] = []): string {
  switch (rng.int(0, 8)) {
    case 0:
      return '';
    case 1:
      return rng.chars(PAYLOAD_SAFE, 64);
    case 2:
      return rng.chars(PAYLOAD_SAFE, rng.int(65, 300));
    case 3:
      return `${rng.pick(['f_', 'b_', 'x_', 'F_', '_', '-'])}${rng.chars(PAYLOAD_SAFE, rng.int(0, 40))}`;
    case 4:
      return `${rng.chars(ALNUM, rng.int(1, 20))}${rng.pick(['=', '==', '+', '/', '%3D', ' ', '\n', '..', '$', '.'])}`;
    case 5:
      return mixPieces(rng, rng.int(1, 4));
    case 6:
      if (knownCodes.length) {
        const code = rng.pick(knownCodes);
        return rng.pick([code, code.toUpperCase(), code.slice(0, -1), `${code}x`, `${code}${code}`, code.replace(/_/, '-')]);
      }
      return rng.chars(PAYLOAD_SAFE, rng.int(1, 10));
    case 7:
      return rng.pick(['null', 'undefined', '0', '-1', 'NaN', '__proto__', 'constructor', '$gt', 'AAAAAAAAAAAAAAAAAAAAAA']);
    default:
      return rng.chars(PAYLOAD_SAFE, rng.int(1, 63));
  }
}

/**
 * Callback data: pure junk, or a real button's data mutated (ids swapped, parts added or cut,
 * numbers out of range, over 64 bytes). Replays of real data are the caller's (press the same
 * valid data again).
 */
export function callbackData(rng: Rng, valid: readonly string[]): string {
  const base = valid.length ? rng.pick(valid) : 'x:y';
  switch (rng.int(0, 9)) {
    case 0:
      return rng.chars(`${ALNUM}:_-`, rng.int(1, 64));
    case 1:
      return `${base}:${rng.chars(ALNUM, rng.int(1, 8))}`;
    case 2:
      return base.split(':').slice(0, -1).join(':') || ':';
    case 3:
      return base.replace(/[0-9a-f]{12,}/, (m) => rng.chars('0123456789abcdef', m.length));
    case 4:
      return base.replace(/\d+/g, () => rng.pick(['-1', '0', '999999999999', '1e9', '00', '', 'NaN']));
    case 5:
      return base.replace(/:/g, rng.pick(['::', ';', ':%3A', ': ']));
    case 6:
      return rng.pick([':', '::::', ' ', '\u0000', '🧨', 'a'.repeat(64), '__proto__', 'constructor:x', `${base}\n`]);
    case 7:
      return base.toUpperCase();
    case 8:
      return base.split(':').map((p) => (rng.chance(0.5) ? rng.pick(HOSTILE_PIECES).slice(0, 10) : p)).join(':');
    default:
      return base;
  }
}

export interface FuzzPerson {
  id: number;
  first_name: string;
  username?: string;
}

let messageIds = 5_000_000;

/**
 * A raw update (for `sandbox.injectUpdate`) of a kind the sandbox's normal actions do not
 * produce: edits, forwards, files without names, service messages, group and channel posts,
 * unknown update types, messages without a sender, callbacks without data.
 */
export function oddUpdate(rng: Rng, user: FuzzPerson, knownCallbacks: readonly string[] = []): Record<string, unknown> {
  const from = { id: user.id, is_bot: false, first_name: user.first_name, ...(user.username ? { username: user.username } : {}) };
  const chat = { id: user.id, type: 'private', first_name: user.first_name };
  const date = Math.floor(Date.now() / 1000);
  const message_id = (messageIds += 1);
  const base = { message_id, date, chat, from };
  const fileId = `fuzz_${rng.chars(ALNUM, 16)}`;
  const fileUniqueId = `u${rng.chars(ALNUM, 10)}`;
  switch (rng.int(0, 19)) {
    case 0:
      return { edited_message: { ...base, edit_date: date + 1, text: hostileText(rng) || 'x' } };
    case 1:
      return { message: { ...base, text: hostileText(rng) || 'x', forward_origin: { type: 'user', sender_user: { id: 42, is_bot: false, first_name: 'Fwd' }, date }, forward_date: date } };
    case 2:
      return { message: { ...base, text: hostileText(rng) || 'x', forward_origin: { type: 'hidden_user', sender_user_name: hostileText(rng, 64), date } } };
    case 3: // a document without a name, type or size
      return { message: { ...base, document: { file_id: fileId, file_unique_id: fileUniqueId } } };
    case 4:
      return { message: { ...base, document: { file_id: fileId, file_unique_id: fileUniqueId, file_name: hostileText(rng, 300), mime_type: hostileText(rng, 60) }, caption: hostileText(rng, 1024) } };
    case 5:
      return { message: { ...base, photo: [{ file_id: fileId, file_unique_id: fileUniqueId, width: 0, height: 0 }] } };
    case 6:
      return { message: { ...base, sticker: { file_id: fileId, file_unique_id: fileUniqueId, type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } } };
    case 7: // a group message and a channel post
      return rng.chance(0.5)
        ? { message: { ...base, chat: { id: -100 - rng.int(1, 1000), type: 'supergroup', title: hostileText(rng, 100) || 'g' }, text: rng.pick(['/start', '/admin', '/stats', hostileText(rng) || 'x']) } }
        : { channel_post: { message_id, date, chat: { id: -1000 - rng.int(1, 1000), type: 'channel', title: 'c' }, text: hostileText(rng) || 'x' } };
    case 8: // no sender
      return { message: { message_id, date, chat, text: rng.pick(['/start', '/admin', hostileText(rng) || 'x']) } };
    case 9: // a message from a bot
      return { message: { ...base, from: { id: user.id, is_bot: true, first_name: 'Bot' }, text: '/start' } };
    case 10: // unknown update types
      return rng.pick([
        { some_future_update: { foo: 1, user: from } },
        { message_reaction: { chat, message_id: 1, date, user: from, old_reaction: [], new_reaction: [{ type: 'emoji', emoji: '👍' }] } },
        { inline_query: { id: String(message_id), from, query: hostileText(rng, 256), offset: '' } },
        { chosen_inline_result: { result_id: 'x', from, query: 'q' } },
        { poll: { id: 'p', question: 'q', options: [], total_voter_count: 0, is_closed: false, is_anonymous: true, type: 'regular', allows_multiple_answers: false } },
        { chat_join_request: { chat: { id: -1001, type: 'channel', title: 'c' }, from, user_chat_id: user.id, date } },
        { my_chat_member: { chat, from, date, old_chat_member: { status: 'member', user: from }, new_chat_member: { status: 'kicked', user: from, until_date: 0 } } },
        { shipping_query: { id: 'sq', from, invoice_payload: 'r1:x:y', shipping_address: {} } },
        { business_message: { ...base, text: '/start' } },
        {},
      ]);
    case 11: // callback queries without data, with game names, on no message
      return {
        callback_query: rng.pick([
          { id: `cq${message_id}`, from, chat_instance: '1' },
          { id: `cq${message_id}`, from, chat_instance: '1', game_short_name: 'game' },
          { id: `cq${message_id}`, from, chat_instance: '1', inline_message_id: 'im', data: knownCallbacks.length ? rng.pick(knownCallbacks) : 'x' },
          { id: `cq${message_id}`, from, chat_instance: '1', message: { message_id: 999_999, date: 0, chat }, data: callbackData(rng, knownCallbacks) },
        ]),
      };
    case 12: // a forged pre-checkout and a forged payment
      return rng.chance(0.5)
        ? { pre_checkout_query: { id: `pc${message_id}`, from, currency: rng.pick(['XTR', 'USD', '']), total_amount: rng.pick([0, -1, 1, 100, 1e12]), invoice_payload: rng.pick(['', 'r1:', 'r1:000000000000:m1', hostileText(rng, 128)]) } }
        : { message: { ...base, successful_payment: { currency: 'XTR', total_amount: rng.pick([1, 100]), invoice_payload: rng.pick(['r1:000000000000:m1', 'junk', hostileText(rng, 128)]), telegram_payment_charge_id: `fake_${rng.chars(ALNUM, 12)}`, provider_payment_charge_id: '' } } };
    case 13: // service messages
      return { message: { ...base, ...rng.pick<Record<string, unknown>>([{ new_chat_members: [from] }, { left_chat_member: from }, { pinned_message: { message_id: 1, date, chat } }, { managed_bot_created: { bot: { id: 1, is_bot: true, first_name: 'x' } } }, { contact: { phone_number: '+1', first_name: 'x' } }, { location: { latitude: 0, longitude: 0 } }, { dice: { emoji: '🎲', value: 1 } }]) } };
    case 14: // a forged managed_bot update (someone else's bot, missing fields)
      return rng.pick([{ managed_bot: { user: from, bot: { id: rng.int(1, 1e9), is_bot: true, first_name: 'x' } } }, { managed_bot: { user: from } }, { managed_bot: {} }]);
    case 15: // entities that lie about offsets
      return { message: { ...base, text: '/start hi', entities: [{ type: 'bot_command', offset: rng.pick([0, 5, 100, -1]), length: rng.pick([0, 6, 1000]) }] } };
    case 16:
      return { message: { ...base, text: `/start ${startPayload(rng)}`.slice(0, 4096), entities: [{ type: 'bot_command', offset: 0, length: 6 }] } };
    case 17: // a reply to a message that does not exist
      return { message: { ...base, text: hostileText(rng) || 'x', reply_to_message: { message_id: 1, date, chat } } };
    case 18: // huge texts that the sandbox's user actions refuse
      return { message: { ...base, text: 'A'.repeat(rng.int(4097, 20_000)) } };
    default:
      return { message: { ...base, video: { file_id: fileId, file_unique_id: fileUniqueId, width: 1, height: 1, duration: 1 }, caption: hostileText(rng, 1024) } };
  }
}

/** Telegram's errors seen by one bot, counted by description (observed, never faked). */
export interface TelegramErrorLog {
  total: number;
  byDescription: Map<string, number>;
  /** Errors whose description matches: e.g. /can't parse entities/. */
  count(pattern: RegExp): number;
  /** Every "can't parse entities" error with the request that caused it. */
  parseErrors: Array<{ method: string; description: string; text?: string }>;
}

/**
 * Watches every Bot API call made with one bot token and counts the refusals (the sandbox
 * answers as Telegram would; nothing is faked). Telegraf builds a new `Telegram` for each
 * update (ctx.telegram), so the watch is on the class: `callApi` of the prototype is wrapped
 * once, and calls are attributed by token. `dispose()` stops counting for that token.
 */
export function watchTelegramErrors(token: string): TelegramErrorLog & { dispose: () => void } {
  const log: TelegramErrorLog & { dispose: () => void } = {
    total: 0,
    byDescription: new Map(),
    count: (pattern) => [...log.byDescription].filter(([d]) => pattern.test(d)).reduce((n, [, c]) => n + c, 0),
    parseErrors: [],
    dispose: () => void watchers.delete(token),
  };
  installWatch();
  watchers.set(token, log);
  return log;
}

const watchers = new Map<string, TelegramErrorLog>();
let installed = false;

function installWatch(): void {
  if (installed) return;
  installed = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Telegram } = require('telegraf') as typeof import('telegraf');
  const proto = Telegram.prototype as unknown as { callApi: (this: { token: string }, method: string, payload: Record<string, unknown>, extra?: unknown) => Promise<unknown> };
  const original = proto.callApi;
  proto.callApi = async function watched(this: { token: string }, method, payload, extra) {
    try {
      return await original.call(this, method, payload, extra);
    } catch (error) {
      const log = watchers.get(this.token);
      if (log) {
        const description = String((error as { description?: string }).description ?? (error as Error).message).replace(/\d+/g, 'N');
        log.total += 1;
        log.byDescription.set(description, (log.byDescription.get(description) ?? 0) + 1);
        if (/can't parse entities/.test(description)) log.parseErrors.push({ method, description, text: String(payload?.text ?? payload?.caption ?? '').slice(0, 300) });
      }
      throw error;
    }
  };
}

/** Collects unhandled rejections and uncaught exceptions while installed. */
export function trackUnhandled(): { errors: unknown[]; dispose: () => void } {
  const errors: unknown[] = [];
  const onRejection = (reason: unknown) => void errors.push(reason);
  const onException = (error: unknown) => void errors.push(error);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    errors,
    dispose: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}

/** Runs `task` over `items` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export type FuzzAction = (rng: Rng, step: number) => Promise<unknown>;

/**
 * Runs `steps` actions drawn by weight, `concurrency` at a time, each with its own PRNG
 * derived from the seed and the step (so the set of actions does not depend on scheduling).
 * An action's own failure (e.g. the sandbox refusing an empty text, as Telegram would) is
 * counted, not thrown: the bot's behaviour is judged afterwards.
 */
export async function runFuzz(opts: { seed: number; steps: number; concurrency: number; actions: Record<string, [weight: number, FuzzAction]> }): Promise<{ byAction: Record<string, number>; refusedBySandbox: number }> {
  const entries = Object.entries(opts.actions);
  const total = entries.reduce((n, [, [w]]) => n + w, 0);
  const byAction: Record<string, number> = {};
  let refusedBySandbox = 0;
  const steps = Array.from({ length: opts.steps }, (_, i) => i);
  await pool(steps, opts.concurrency, async (step) => {
    const rng = new Rng((opts.seed * 1_000_003 + step * 7919) >>> 0);
    let roll = rng.next() * total;
    const [name, [, action]] = entries.find(([, [w]]) => (roll -= w) < 0) ?? entries[entries.length - 1]!;
    byAction[name] = (byAction[name] ?? 0) + 1;
    try {
      await action(rng, step);
    } catch {
      refusedBySandbox += 1;
    }
  });
  return { byAction, refusedBySandbox };
}

/** Waits until the sandbox has no pending update for the bot (the bot took them all). */
export async function drained(sandbox: { stats(): { updatesPending: Record<string, number> } }, botId: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((sandbox.stats().updatesPending[botId] ?? 0) > 0) {
    if (Date.now() > deadline) throw new Error(`bot ${botId} still has ${sandbox.stats().updatesPending[botId]} pending updates`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Handler errors caused by updates Telegram would never send to this bot, not by the bot:
 * answering a callback or pre-checkout id the fuzzer made up, replying to a chat that does
 * not exist, or to an inline-message callback of a bot that never sent inline messages.
 * They are counted apart; every other handler error fails the fuzz tests.
 */
export const FORGED_UPDATE_ERROR = /query ID is invalid|isn't available for .{0,2}callback_query|chat not found/;
