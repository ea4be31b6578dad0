/**
 * Request bodies: read with a size cap, then parsed as Telegram accepts them — JSON,
 * urlencoded or multipart (via undici's Request.formData), merged over the query string.
 * Every failure becomes a Telegram-style ApiError, never an exception that escapes.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest, tooLarge } from '../botApi/errors';
import type { RawParams, UploadedFile } from '../botApi/params';

export interface BodyLimits { maxJsonBytes: number; maxFileBytes: number }

/** Reads the whole body; over `limit` it drains the rest and throws 413. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    let size = 0;
    let over = declared > limit;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      if (!over) chunks.push(c);
    });
    req.on('end', () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', () => reject(badRequest('request body could not be read')));
  });
}

export function isMultipart(req: IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/** Query parameters and body parameters (the body wins), as raw values. */
export async function parseParams(req: IncomingMessage, query: URLSearchParams, limits: BodyLimits): Promise<RawParams> {
  const params: RawParams = Object.fromEntries(query);
  if (req.method === 'GET' || req.method === 'HEAD') return params;
  const multipart = isMultipart(req);
  const body = await readBody(req, multipart ? limits.maxFileBytes : limits.maxJsonBytes);
  if (body.length === 0) return params;
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (multipart) return Object.assign(params, await parseMultipart(body, req.headers['content-type']!));
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.assign(params, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badRequest("can't parse JSON request body");
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badRequest('request body must be a JSON object');
  return Object.assign(params, parsed);
}

async function parseMultipart(body: Buffer, contentType: string): Promise<RawParams> {
  let form: FormData;
  try {
    form = await new Request('http://sandbox/', { method: 'POST', headers: { 'content-type': contentType }, body }).formData();
  } catch {
    throw badRequest("can't parse multipart/form-data request");
  }
  const out: RawParams = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') out[key] = value;
    else {
      const file: UploadedFile = { name: value.name, type: value.type, data: Buffer.from(await value.arrayBuffer()) };
      out[key] = file;
    }
  }
  return out;
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
