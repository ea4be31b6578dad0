import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { BackupError } from './backupErrors';

/**
 * One encrypted backup file: `MBK1` | iv (12) | AES-256-GCM ciphertext of gzip data | tag (16).
 * The file's logical name (e.g. `manifest`, `0003`) is bound as associated data, so files cannot
 * be swapped inside a backup without the tag failing. Internal to the backup module.
 */
const MAGIC = Buffer.from('MBK1');
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const HEADER_LENGTH = MAGIC.length + IV_LENGTH;

/** Writes `source` (text chunks) gzipped and encrypted to `path`; resolves with the file's SHA-256 and size. */
export async function writeEncryptedFile(
  path: string,
  name: string,
  key: Buffer,
  source: Readable | AsyncIterable<string | Buffer> | Iterable<string | Buffer>,
): Promise<{ sha256: string; bytes: number }> {
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_LENGTH });
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const hash = createHash('sha256');
  let bytes = 0;
  const frame = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (bytes === 0) this.push(account(Buffer.concat([MAGIC, iv])));
      this.push(account(chunk));
      callback();
    },
    flush(callback) {
      if (bytes === 0) this.push(account(Buffer.concat([MAGIC, iv])));
      this.push(account(cipher.getAuthTag()));
      callback();
    },
  });
  function account(chunk: Buffer): Buffer {
    hash.update(chunk);
    bytes += chunk.length;
    return chunk;
  }
  // The tag exists only after the cipher's final(); `frame` flushes after the cipher ends.
  await pipeline(source instanceof Readable ? source : Readable.from(source), createGzip(), cipher, frame, createWriteStream(path, { mode: 0o600 }));
  return { sha256: hash.digest('hex'), bytes };
}

/** SHA-256 of a file's bytes (checked against the manifest before anything is decrypted). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

/**
 * Decrypts and gunzips a file written by {@link writeEncryptedFile} and hands each chunk to
 * `sink`. Throws {@link BackupError} when the key is wrong or the file was altered: GCM checks
 * the tag at the end, so a consumer must not commit anything before this resolves... which is
 * why restore checks every file's SHA-256 against the (authenticated) manifest first.
 */
export async function readEncryptedFile(path: string, name: string, key: Buffer, sink: (text: string) => void | Promise<void>): Promise<void> {
  const { size } = await stat(path);
  if (size < HEADER_LENGTH + TAG_LENGTH) throw new BackupError(`backup file ${name} is truncated`, { name });
  const handle = await open(path, 'r');
  const header = Buffer.alloc(HEADER_LENGTH);
  const tag = Buffer.alloc(TAG_LENGTH);
  try {
    await handle.read(header, 0, HEADER_LENGTH, 0);
    await handle.read(tag, 0, TAG_LENGTH, size - TAG_LENGTH);
  } finally {
    await handle.close();
  }
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new BackupError(`backup file ${name} is not a motherbot backup file`, { name });
  const decipher = createDecipheriv('aes-256-gcm', key, header.subarray(MAGIC.length), { authTagLength: TAG_LENGTH });
  decipher.setAAD(Buffer.from(name, 'utf8'));
  decipher.setAuthTag(tag);
  const collect = new Transform({
    async transform(chunk: Buffer, _encoding, callback) {
      try {
        await sink(chunk.toString('utf8'));
        callback();
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  collect.setEncoding('utf8');
  try {
    await pipeline(createReadStream(path, { start: HEADER_LENGTH, end: size - TAG_LENGTH - 1 }), decipher, createGunzip(), collect, async function* drain(chunks) {
      for await (const _ of chunks) void _;
    });
  } catch (error) {
    if (error instanceof BackupError) throw error;
    const message = (error as Error).message;
    if (/auth|unable to authenticate/i.test(message)) {
      throw new BackupError(`backup file ${name} cannot be decrypted: wrong backup key, or the file was altered`, { name });
    }
    throw new BackupError(`backup file ${name} cannot be read: ${message}`, { name }, { cause: error });
  }
}

/** Reads a whole (small) encrypted file as text. */
export async function readEncryptedText(path: string, name: string, key: Buffer): Promise<string> {
  let text = '';
  await readEncryptedFile(path, name, key, (chunk) => {
    text += chunk;
  });
  return text;
}
