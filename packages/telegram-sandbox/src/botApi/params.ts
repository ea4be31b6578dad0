/**
 * Typed access to Bot API parameters. Telegram accepts the same parameter as a JSON value,
 * a query-string/urlencoded string or a multipart field, so numbers and objects may arrive
 * as strings; these readers coerce the way Telegram does and fail with its 400 wording.
 */
import { badRequest } from './errors';

/** A multipart upload as received. */
export interface UploadedFile {
  name: string;
  type: string;
  data: Buffer;
}

export type RawParams = Record<string, unknown>;

export class Params {
  constructor(readonly raw: RawParams) {}

  has(name: string): boolean {
    const v = this.raw[name];
    return v !== undefined && v !== null && v !== '';
  }

  str(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw badRequest(`field "${name}" must be of type String`);
  }

  reqStr(name: string, emptyMessage?: string): string {
    const v = this.str(name);
    if (v === undefined || v === '') throw badRequest(emptyMessage ?? `${name} is empty`);
    return v;
  }

  int(name: string): number | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
    if (!Number.isSafeInteger(n)) throw badRequest(`field "${name}" must be of type Integer`);
    return n;
  }

  reqInt(name: string, emptyMessage?: string): number {
    const v = this.int(name);
    if (v === undefined) throw badRequest(emptyMessage ?? `${name} is empty`);
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === '1' || v === 1) return true;
    if (v === 'false' || v === '0' || v === 0) return false;
    throw badRequest(`field "${name}" must be of type Boolean`);
  }

  /** chat_id: an integer or an `@username` string. */
  chatId(name = 'chat_id'): number | string {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') throw badRequest(`${name} is empty`);
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    if (typeof v === 'string') {
      if (/^-?\d+$/.test(v.trim())) return Number(v);
      if (v.startsWith('@')) return v;
    }
    throw badRequest('chat not found');
  }

  /** An object parameter sent either as JSON or as a JSON-encoded string. */
  json<T>(name: string, what = name): T | undefined {
    const v = this.raw[name];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v === 'object' && !isUpload(v)) return v as T;
    if (typeof v === 'string') {
      try {
        return JSON.parse(v) as T;
      } catch {
        throw badRequest(`can't parse ${what} JSON object`);
      }
    }
    throw badRequest(`can't parse ${what} JSON object`);
  }

  upload(name: string): UploadedFile | undefined {
    const v = this.raw[name];
    return isUpload(v) ? v : undefined;
  }
}

export function isUpload(v: unknown): v is UploadedFile {
  return typeof v === 'object' && v !== null && Buffer.isBuffer((v as UploadedFile).data);
}
