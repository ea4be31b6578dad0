/**
 * Secret redaction applied to every log line (message, metadata, error stacks) before it is
 * written anywhere. Shapes are recognised by pattern; exact secrets that have no shape (the
 * MASTER_KEY, a database password) are registered at start with {@link registerSecret}.
 */

/** A Telegram bot token: the bot id, a colon, 35 characters of the secret. */
export const BOT_TOKEN_PATTERN = /(?<!\d)\d{3,20}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g;
/** Credentials inside a MongoDB URI: `mongodb://user:password@host`. */
const MONGO_CREDENTIALS_PATTERN = /(mongodb(?:\+srv)?:\/\/)[^@/\s]+@/g;
/** Telegram API paths carry the token: `/bot<token>/method` and `/file/bot<token>/…`. */
const BOT_PATH_PATTERN = /\/bot\d+:[A-Za-z0-9_-]+/g;

const REDACTED = '[REDACTED]';
const literalSecrets = new Set<string>();

/** Registers an exact secret value (at least 8 characters) to be replaced wherever it appears. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 8) literalSecrets.add(value);
}

/** Forgets registered secrets (tests). */
export function clearRegisteredSecrets(): void {
  literalSecrets.clear();
}

/** Returns `text` with every known secret shape and registered secret replaced. */
export function redactText(text: string): string {
  let out = text
    .replace(BOT_PATH_PATTERN, `/bot${REDACTED}`)
    .replace(BOT_TOKEN_PATTERN, REDACTED)
    .replace(MONGO_CREDENTIALS_PATTERN, `$1${REDACTED}@`);
  for (const secret of literalSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * Deep-redacts any value: strings, arrays, plain objects and Errors (message, stack, own
 * fields). Cycles are cut. Returns new objects; the input is not modified.
 */
export function redactValue(value: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen));
  if (value instanceof Error) {
    const out: Record<string, unknown> = { name: value.name, message: redactText(value.message) };
    if (value.stack) out.stack = redactText(value.stack);
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, seen);
    return out;
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, seen);
  return out;
}
