import winston from 'winston';
import { redactText, redactValue } from './redact';

/** Formats of one log entry as one written line (two for a readable entry with a stack). */
export type LineFormat = 'json' | 'pretty';

const MESSAGE = Symbol.for('message');

/**
 * The redaction step. Runs after `errors()` has copied stacks onto the entry, so message,
 * metadata and stacks all pass through it; the splat array is redacted too, in case a
 * formatter after us reads it. Every transport sees only redacted entries.
 */
export const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    (info as Record<string, unknown>)[key] = redactValue((info as Record<string, unknown>)[key]);
  }
  const splat = Symbol.for('splat');
  const record = info as unknown as Record<symbol, unknown>;
  if (Array.isArray(record[splat])) record[splat] = redactValue(record[splat]);
  if (typeof info.message === 'string') info.message = redactText(info.message);
  return info;
});

/** Everything an entry carries besides the four fields every line starts with. */
function metadataOf(info: winston.Logform.TransformableInfo): Record<string, unknown> {
  const { level: _level, message: _message, label: _label, timestamp: _timestamp, ...rest } = info as Record<string, unknown>;
  return rest;
}

/** JSON.stringify that writes a bigint as a string instead of throwing (redactValue already cut cycles). */
const stringify = (value: unknown): string => JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/**
 * One JSON object per line, its first keys always `timestamp, level, label, message` (winston's
 * own json format sorts keys, which scatters them), then the entry's metadata; a stack is a
 * field, so an entry is never more than one line. For PM2's out files, `jq` and log shippers.
 */
export const jsonLine = winston.format((info) => {
  const { timestamp, level, label, message } = info as Record<string, unknown>;
  (info as unknown as Record<symbol, string>)[MESSAGE] = stringify({ timestamp, level, label, message, ...metadataOf(info) });
  return info;
});

/**
 * A line for people: `<time> <label> <level>: <message> {metadata}`, a stack on the lines after
 * it. The level is coloured only for a terminal: PM2's files and pipes get no escape codes.
 */
export function prettyLine(colours: boolean): winston.Logform.Format {
  const colourise = winston.format.colorize();
  return winston.format((info) => {
    const { timestamp, label, message } = info as Record<string, unknown>;
    const { stack, ...meta } = metadataOf(info);
    const level = colours ? colourise.transform({ ...info }, { level: true }) : info;
    const levelText = String((level as winston.Logform.TransformableInfo).level);
    const metaText = Object.keys(meta).length > 0 ? ` ${stringify(meta)}` : '';
    const stackText = typeof stack === 'string' ? `\n${stack}` : '';
    (info as unknown as Record<symbol, string>)[MESSAGE] = `${String(timestamp)} ${String(label)} ${levelText}: ${String(message)}${metaText}${stackText}`;
    return info;
  })();
}
