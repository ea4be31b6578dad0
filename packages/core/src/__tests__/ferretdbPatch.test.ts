import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Types } from 'mongoose';
import type { Connection } from 'mongoose';
import { EmbeddedDatabaseError } from '../errors';
import { FERRETDB_PATCH_DIR, ferretdbBinaryPath, ferretdbPatchKey } from '../db/ferretdbBinary';
import { openTestDatabase } from '@test-support/database';

const ROOT = resolve(__dirname, '../../../..');
const SCRIPT = join(ROOT, 'scripts/build-ferretdb.sh');

/** Runs the build script with exactly these variables (plus PATH), as the TS side sees them. */
const runScript = (args: string[], vars: Record<string, string>, script = SCRIPT): { status: number | null; stdout: string; stderr: string } => {
  const res = spawnSync('bash', [script, ...args], { env: { PATH: process.env.PATH ?? '', ...vars }, encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
};

describe('build script and ferretdbBinaryPath agree on the binary', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ferretdb-path-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each<[string, Record<string, string>]>([
    ['the default cache under HOME', { HOME: join(tmp, 'home') }],
    ['an empty XDG_CACHE_HOME (same as unset)', { HOME: join(tmp, 'home'), XDG_CACHE_HOME: '' }],
    ['XDG_CACHE_HOME', { HOME: join(tmp, 'home'), XDG_CACHE_HOME: join(tmp, 'xdg') }],
    ['FERRETDB_CACHE_DIR', { HOME: join(tmp, 'home'), FERRETDB_CACHE_DIR: join(tmp, 'custom') }],
    ['FERRETDB_BIN', { HOME: join(tmp, 'home'), FERRETDB_BIN: '/opt/ferretdb/bin/ferretdb' }],
  ])('--print-path with %s', (_name, vars) => {
    const res = runScript(['--print-path'], vars);
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toBe(ferretdbBinaryPath(vars));
  });

  it('names the default cache after the version and the patches', () => {
    const key = ferretdbPatchKey();
    expect(key).toMatch(/^[0-9a-f]{12}$/);
    expect(ferretdbBinaryPath({ HOME: '/h' })).toBe(`/h/.cache/motherbot/ferretdb-v1.24.2-${key}/ferretdb`);
  });

  it('changes the path with any patch set, in the same way on both sides', () => {
    const root = join(tmp, 'repo');
    const patchDir = join(root, 'scripts/ferretdb-patches');
    mkdirSync(patchDir, { recursive: true });
    copyFileSync(SCRIPT, join(root, 'scripts/build-ferretdb.sh'));
    const vars = { HOME: join(tmp, 'home') };
    const printed = (): string => runScript(['--print-path'], vars, join(root, 'scripts/build-ferretdb.sh')).stdout.trim();

    const empty = printed();
    expect(empty).toBe(ferretdbBinaryPath(vars, patchDir));
    writeFileSync(join(patchDir, '0002-second.patch'), '# b\n');
    writeFileSync(join(patchDir, '0001-first.patch'), '# a\n');
    writeFileSync(join(patchDir, 'README.md'), 'not a patch\n');
    const two = printed();
    expect(two).toBe(ferretdbBinaryPath(vars, patchDir));
    expect(two).not.toBe(empty);
    expect(ferretdbBinaryPath(vars, patchDir)).not.toBe(ferretdbBinaryPath(vars));
    writeFileSync(join(patchDir, '0001-first.patch'), '# a, edited\n');
    expect(printed()).toBe(ferretdbBinaryPath(vars, patchDir));
    expect(printed()).not.toBe(two);
  });

  it('reports an unreadable patch folder as an embedded-database error', () => {
    expect(() => ferretdbPatchKey(join(tmp, 'nowhere'))).toThrow(EmbeddedDatabaseError);
  });

  it('ships each patch with a comment saying which upstream bug it fixes', () => {
    const patches = readdirSync(FERRETDB_PATCH_DIR).filter((name) => name.endsWith('.patch'));
    expect(patches.length).toBeGreaterThan(0);
    for (const name of patches) {
      const [header = ''] = readFileSync(join(FERRETDB_PATCH_DIR, name), 'utf8').split('\n--- a/');
      expect(header).toMatch(/^# FerretDB v1\.24\.2/);
      expect(header.split('\n').filter((line) => line.startsWith('# ')).length).toBeGreaterThanOrEqual(3);
    }
  });
});

// The binary exists when the run uses the embedded database (`npm test` builds it first); a run
// against a real MongoDB (MONGODB_URI) does not build it.
const binaryBuilt = existsSync(ferretdbBinaryPath());
(binaryBuilt ? it : it.skip)('the version check says "works" 100 times in a row (skipped when FerretDB is not built)', () => {
  const res = spawnSync('bash', ['-c', `for i in $(seq 100); do bash "$0" --check; done`, SCRIPT], { encoding: 'utf8' });
  const lines = res.stdout.trim().split('\n');
  expect(lines.filter((l) => l === 'works')).toHaveLength(100);
  expect(lines).toHaveLength(100);
});

type Id = string | number | Types.ObjectId;
interface Doc {
  _id: Id;
  n: number;
}

const LATE_STRING = 'u2999';
/** ObjectIds made from a counter, so the test knows which one was inserted last. */
const oid = (i: number): Types.ObjectId => new Types.ObjectId(`65000000${i.toString(16).padStart(16, '0')}`);
const LATE_OID = oid(1999);
// A string _id spelling the hex of an ObjectId that is not in the collection: the pushed-down
// SQL compares JSON text, so this one shows that the type is still checked.
const HEX_LOOKALIKE = 'abcdefabcdefabcdefabcdef';
const EDGE_STRINGS = ['a<b>&c', 'ü—€😀', 'quo"te\\back', 'a.b', '$dollar', '', 'line\nbreak'];

const norm = (id: Id): string => (id instanceof Types.ObjectId ? `oid:${id.toHexString()}` : `${typeof id}:${String(id)}`);
const sortDocs = (docs: Doc[]): Array<{ _id: string; n: number }> =>
  docs.map((d) => ({ _id: norm(d._id), n: d.n })).sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));

describe('_id lookups on the run database', () => {
  let db: { connection: Connection; drop: () => Promise<void> };
  const all: Doc[] = [];
  const coll = () => db.connection.db!.collection<Doc>('things');

  beforeAll(async () => {
    db = await openTestDatabase('idpatch');
    for (let i = 0; i < 3000; i += 1) all.push({ _id: `u${i}`, n: i });
    for (let i = 0; i < 2000; i += 1) all.push({ _id: oid(i), n: 10_000 + i });
    for (let i = 0; i < 500; i += 1) all.push({ _id: 100_000 + i, n: 20_000 + i });
    EDGE_STRINGS.forEach((s, i) => all.push({ _id: s, n: 30_000 + i }));
    all.push({ _id: HEX_LOOKALIKE, n: 40_000 });
    for (let i = 0; i < all.length; i += 1000) await coll().insertMany(all.slice(i, i + 1000).map((d) => ({ ...d })));
  });
  afterAll(async () => {
    await db.drop();
  });

  const explainFind = async (filter: Record<string, unknown>) =>
    db.connection.db!.command({ explain: { find: 'things', filter } });

  // FerretDB answers explain with { queryPlanner: { Plan: [SQLite EXPLAIN QUERY PLAN rows] },
  // filterPushdown, ... }; a real MongoDB answers with its own planner (IDHACK / EXPRESS_IXSCAN)
  // and no SQLite plan, so there is nothing of ours to check there.
  const onFerretdb = !process.env.MONGODB_URI;
  const ferretIt = onFerretdb ? it : it.skip;

  ferretIt.each<[string, Id]>([
    ['a late string _id', LATE_STRING],
    ['a late ObjectId _id', LATE_OID],
  ])('SQLite serves find by %s from the _id index (skipped on a real MongoDB: no SQLite plan)', async (_name, id) => {
    const res = await explainFind({ _id: id });
    const plan = (res.queryPlanner as { Plan: string[] }).Plan.join('\n');
    expect(res.filterPushdown).toBe(true);
    expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_ \(<expr>=\?\)/);
    expect(plan).not.toMatch(/\bSCAN\b/);
  });

  ferretIt('a filter that is not pushed down is still a scan (skipped on a real MongoDB: no SQLite plan)', async () => {
    const res = await explainFind({ _id: LATE_STRING, n: 2999 });
    expect(res.filterPushdown).toBe(false);
    expect((res.queryPlanner as { Plan: string[] }).Plan.join('\n')).toMatch(/\bSCAN\b/);
  });

  const idIs = (a: Id, b: Id): boolean => norm(a) === norm(b);
  it.each<[string, { _id: Id; n?: number }]>([
    ['a late string _id', { _id: LATE_STRING }],
    ['an early string _id', { _id: 'u0' }],
    ['a late ObjectId _id', { _id: LATE_OID }],
    ['a numeric _id', { _id: 100_250 }],
    ['a missing string _id', { _id: 'u-none' }],
    ['a missing ObjectId _id', { _id: oid(999_999) }],
    ['an ObjectId whose hex a string _id spells', { _id: new Types.ObjectId(HEX_LOOKALIKE) }],
    ['that string _id', { _id: HEX_LOOKALIKE }],
    ['a numeric value of a string _id', { _id: 2999 }],
    ['_id plus a matching field', { _id: 'u10', n: 10 }],
    ['_id plus a field that does not match', { _id: 'u10', n: 11 }],
    ...EDGE_STRINGS.map((s): [string, { _id: Id }] => [`the string _id ${JSON.stringify(s)}`, { _id: s }]),
  ])('find by %s returns exactly the expected documents', async (_name, filter) => {
    const expected = all.filter((d) => idIs(d._id, filter._id) && (filter.n === undefined || d.n === filter.n));
    const found = await coll().find(filter).toArray();
    expect(sortDocs(found)).toEqual(sortDocs(expected));
    const one = await coll().findOne(filter);
    expect(one === null ? null : norm(one._id)).toBe(expected[0] ? norm(expected[0]._id) : null);
  });

  it('updates and deletes by _id touch exactly the one document', async () => {
    const updated = await coll().updateOne({ _id: LATE_OID }, { $set: { n: -1 } });
    expect([updated.matchedCount, updated.modifiedCount]).toEqual([1, 1]);
    expect(sortDocs(await coll().find({ n: -1 }).toArray())).toEqual(sortDocs([{ _id: LATE_OID, n: -1 }]));

    const missed = await coll().updateOne({ _id: new Types.ObjectId(HEX_LOOKALIKE) }, { $set: { n: -2 } });
    expect(missed.matchedCount).toBe(0);
    expect(await coll().findOne({ _id: HEX_LOOKALIKE })).toEqual({ _id: HEX_LOOKALIKE, n: 40_000 });

    const deleted = await coll().deleteOne({ _id: 'u2998' });
    expect(deleted.deletedCount).toBe(1);
    expect(await coll().findOne({ _id: 'u2998' })).toBeNull();
    expect(await coll().countDocuments({})).toBe(all.length - 1);
  });
});

describe('one update command with many statements', () => {
  let db: { connection: Connection; drop: () => Promise<void> };
  beforeAll(async () => {
    db = await openTestDatabase('manyupdates');
    await db.connection.db!.collection<Doc>('counters').insertMany(Array.from({ length: 250 }, (_, i) => ({ _id: `c${i}`, n: i })));
  });
  afterAll(() => db.drop());

  // Unpatched FerretDB 1.24.2 keeps each statement's SQLite connection until the command ends:
  // statement 101 then waits forever, and so does every later query on the database (this test
  // times out instead of failing). Patch 0002 closes each statement's iterator when it is done.
  it('a bulk write of 250 updates completes, and the database answers afterwards', async () => {
    const coll = db.connection.db!.collection<Doc>('counters');
    const result = await coll.bulkWrite(Array.from({ length: 250 }, (_, i) => ({ updateOne: { filter: { _id: `c${i}` }, update: { $inc: { n: 1000 } } } })), { ordered: false });
    expect([result.matchedCount, result.modifiedCount]).toEqual([250, 250]);
    expect(await coll.findOne({ _id: 'c249' })).toEqual({ _id: 'c249', n: 1249 });
  }, 30_000);
});
