import type { IncomingMessage } from 'node:http';
import { AppError } from '@motherbot/core';

/** A webhook request's body that cannot be an update: too large (413) or not a JSON object (400). */
export class WebhookBodyError extends AppError {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super('WEBHOOK_BODY', message, { status });
  }
}

/**
 * Reads a request's whole body, refusing it as soon as it passes `maxBytes` (by its
 * Content-Length before a byte is read, or while it streams in without one), so a flood of large
 * requests costs the process no more than `maxBytes` each. Used by the webhook receiver and by
 * the host's ingress before it hands a body on.
 */
export function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      reject(new WebhookBodyError(413, `body of ${declared} bytes is over the limit of ${maxBytes}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        chunks.length = 0;
        reject(new WebhookBodyError(413, `body is over the limit of ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', (error) => {
      if (!refused) reject(error);
    });
    // The client went away before the end: nothing will come (a settled promise ignores this).
    req.on('close', () => {
      if (!req.complete) reject(new WebhookBodyError(400, 'request ended before its body'));
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks, size));
    });
  });
}

/** A webhook request's body as one JSON object (an update): 413 over `maxBytes`, 400 for anything but a JSON object. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const body = await readLimitedBody(req, maxBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new WebhookBodyError(400, 'body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new WebhookBodyError(400, 'body is not a JSON object');
  return parsed as Record<string, unknown>;
}
