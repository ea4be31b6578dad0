import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { NamedSecret } from './knownSecrets';

/** Where a secret was found: file, 1-based line, and the secret's name (never its value). */
export interface SecretFinding {
  file: string;
  line: number;
  secret: string;
}

export interface ScanResult {
  findings: SecretFinding[];
  filesScanned: number;
  bytesScanned: number;
  unreadable: string[];
}

/**
 * Shapes that are secrets whoever they belong to: a bot token (another bot's, a sandbox's) or a
 * MongoDB URI with its password. The log redaction replaces both, so any hit escaped it.
 */
const SHAPES: ReadonlyArray<{ name: string; pattern: RegExp; maxLength: number }> = [
  { name: 'a bot token (<digits>:<35 characters>)', pattern: /(?<![\d])\d{3,20}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g, maxLength: 57 },
  { name: 'a MongoDB URI with a password', pattern: /mongodb(?:\+srv)?:\/\/[^\s@/:"']+:(?!\[REDACTED\])[^\s@/"']+@/g, maxLength: 300 },
];

const FINDINGS_PER_FILE = 5;

function countNewlines(buffer: Buffer, end: number): number {
  let n = 0;
  for (let i = buffer.indexOf(10); i !== -1 && i < end; i = buffer.indexOf(10, i + 1)) n += 1;
  return n;
}

/** The file's bytes, gunzipped when it is a `.gz` (rotated logs are). */
const open = (file: string): Readable => (file.endsWith('.gz') ? createReadStream(file).pipe(createGunzip()) : createReadStream(file));

/**
 * Scans one file, chunk by chunk, for each secret's exact bytes and for the secret shapes. A
 * tail of each chunk is carried over, so a secret split across two chunks is found once.
 */
async function scanFile(file: string, secrets: readonly NamedSecret[], findings: SecretFinding[]): Promise<number> {
  const needles = secrets.map((s) => ({ name: s.name, bytes: Buffer.from(s.value, 'utf8') }));
  const keep = Math.max(1, ...needles.map((n) => n.bytes.length), ...SHAPES.map((s) => s.maxLength)) - 1;
  let carry: Buffer = Buffer.alloc(0);
  let linesBefore = 0;
  let bytes = 0;
  let found = 0;
  const record = (buffer: Buffer, at: number, secret: string): void => {
    if (found >= FINDINGS_PER_FILE) return;
    found += 1;
    findings.push({ file, line: linesBefore + countNewlines(buffer, at) + 1, secret });
  };
  /**
   * A shape that ends where the buffer ends may go on in the next chunk: it is judged there
   * (it is within the carried tail), or in the final round when the file ends.
   */
  const search = (buffer: Buffer, final: boolean): void => {
    const isNew = (at: number, length: number): boolean => at + length > carry.length;
    if (!final) {
      for (const needle of needles) {
        for (let at = buffer.indexOf(needle.bytes); at !== -1; at = buffer.indexOf(needle.bytes, at + 1)) {
          if (isNew(at, needle.bytes.length)) record(buffer, at, needle.name);
        }
      }
    }
    const text = buffer.toString('latin1');
    for (const shape of SHAPES) {
      for (const match of text.matchAll(shape.pattern)) {
        const at = match.index ?? 0;
        const end = at + match[0].length;
        const judgedHere = final ? end === text.length : isNew(at, match[0].length) && end < text.length;
        if (judgedHere && !secrets.some((s) => match[0].includes(s.value))) record(buffer, at, shape.name);
      }
    }
  };
  for await (const chunk of open(file)) {
    const data = chunk as Buffer;
    bytes += data.length;
    const buffer = carry.length > 0 ? Buffer.concat([carry, data]) : data;
    search(buffer, false);
    const cut = Math.max(0, buffer.length - keep);
    linesBefore += countNewlines(buffer, cut);
    carry = buffer.subarray(cut);
  }
  search(carry, true);
  return bytes;
}

/** Scans `files` for `secrets` and secret shapes; unreadable files are listed, never fatal. */
export async function scanFilesForSecrets(files: readonly string[], secrets: readonly NamedSecret[]): Promise<ScanResult> {
  const result: ScanResult = { findings: [], filesScanned: 0, bytesScanned: 0, unreadable: [] };
  for (const file of files) {
    try {
      result.bytesScanned += await scanFile(file, secrets, result.findings);
      result.filesScanned += 1;
    } catch (error) {
      result.unreadable.push(`${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  return result;
}

/** Every regular file under `dir` (recursively), or none when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/** A log file and its rotated siblings (`motherbot-out.log` → `motherbot-out__2026-01-01_00-00-00.log`, `.gz`, `.1`). */
export function withRotatedSiblings(file: string): string[] {
  const dir = join(file, '..');
  if (!existsSync(dir)) return [];
  const stem = basename(file).replace(/\.log$/, '');
  return readdirSync(dir)
    .filter((name) => name === basename(file) || (name.startsWith(stem) && name !== basename(file) && /(__|[-.]\d)/.test(name.slice(stem.length, stem.length + 2))))
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}
