import type { IncomingMessage } from 'node:http';

/** The body was larger than allowed (by its Content-Length, or as it arrived). */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body over ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The client went away before its body arrived. */
export class BodyAbortedError extends Error {
  constructor() {
    super('request aborted before its body arrived');
    this.name = 'BodyAbortedError';
  }
}

/**
 * Reads a request's whole body, refusing more than `limitBytes`: a Content-Length over it is
 * refused before a byte is read, a body that grows past it is cut off as soon as it does.
 */
export function readLimitedBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.reject(new BodyTooLargeError(limitBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limitBytes) {
        req.off('data', onData);
        req.resume();
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, size)));
    req.once('aborted', () => reject(new BodyAbortedError()));
    req.once('error', () => reject(new BodyAbortedError()));
  });
}
