/**
 * Stored files. The bytes live once per `file_unique_id`; each bot gets its own `file_id`
 * for a file it received or sent, and only that bot may use it (as on Telegram).
 */
import { randomBytes, createHash } from 'node:crypto';
import type { FileKind } from './types';

export interface StoredFile {
  uniqueId: string;
  data: Buffer;
  kind: FileKind;
  fileName?: string;
  mimeType?: string;
  filePath: string;
  width?: number;
  height?: number;
}

const FOLDERS: Record<FileKind, string> = {
  document: 'documents', photo: 'photos', video: 'videos', audio: 'music', voice: 'voice', animation: 'animations',
};

export class FileStore {
  private byUnique = new Map<string, StoredFile>();
  private byHash = new Map<string, string>();
  private fileIds = new Map<string, { botId: number; uniqueId: string }>();
  private idOf = new Map<string, string>();
  private byPath = new Map<string, StoredFile>();
  private counter = 0;

  /** Stores bytes (deduplicated by content + kind) and returns the record. */
  put(data: Buffer, kind: FileKind, fileName?: string, mimeType?: string): StoredFile {
    const hash = createHash('sha256').update(kind).update(data).digest('base64url');
    const known = this.byHash.get(hash);
    if (known) return this.byUnique.get(known)!;
    const uniqueId = `AgAD${hash.slice(0, 12)}`;
    const ext = fileName && /\.[A-Za-z0-9]{1,8}$/.test(fileName) ? fileName.slice(fileName.lastIndexOf('.')) : '';
    const file: StoredFile = { uniqueId, data, kind, fileName, mimeType, filePath: `${FOLDERS[kind]}/file_${++this.counter}${ext}` };
    if (kind === 'photo') Object.assign(file, imageSize(data));
    this.byUnique.set(uniqueId, file);
    this.byHash.set(hash, uniqueId);
    this.byPath.set(file.filePath, file);
    return file;
  }

  /** The file_id `botId` uses for this file (stable per bot and file). */
  fileIdFor(botId: number, uniqueId: string): string {
    const key = `${botId}:${uniqueId}`;
    let id = this.idOf.get(key);
    if (!id) {
      id = `BQACAg${randomBytes(18).toString('base64url')}`;
      this.idOf.set(key, id);
      this.fileIds.set(id, { botId, uniqueId });
    }
    return id;
  }

  /** Resolves a file_id for `botId`; undefined when unknown or issued to another bot. */
  resolve(botId: number, fileId: string): StoredFile | undefined {
    const ref = this.fileIds.get(fileId);
    if (!ref || ref.botId !== botId) return undefined;
    return this.byUnique.get(ref.uniqueId);
  }

  byFilePath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }

  byUniqueId(uniqueId: string): StoredFile | undefined {
    return this.byUnique.get(uniqueId);
  }
}

/** Width and height of a PNG or JPEG, so photo sizes look plausible; 0x0 otherwise. */
function imageSize(data: Buffer): { width: number; height: number } {
  if (data.length > 24 && data.readUInt32BE(0) === 0x89504e47) return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  if (data.length > 4 && data[0] === 0xff && data[1] === 0xd8) {
    let i = 2;
    while (i + 9 < data.length) {
      if (data[i] !== 0xff) break;
      const marker = data[i + 1]!;
      const len = data.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xc3) return { width: data.readUInt16BE(i + 7), height: data.readUInt16BE(i + 5) };
      i += 2 + len;
    }
  }
  return { width: 0, height: 0 };
}
