import { sealShortenerKey } from '../src/bot/services/shortenerSettings';
import { CloneHarness, hasFile, textOf } from './cloneHarness';
import { FakeShortener } from './fakeShortener';

interface Op {
  collection: string;
  method: string;
  filters: unknown[];
}

const INSERTS = new Set(['insertOne', 'insertMany', 'create']);
const filtersOf = (method: string, args: unknown[]): unknown[] => {
  if (INSERTS.has(method)) return [];
  if (method === 'bulkWrite') return (args[0] as Array<Record<string, { filter?: unknown }>>).map((op) => Object.values(op)[0]?.filter);
  return [args[0]];
};
const isPointFilter = (filter: unknown): boolean => {
  if (typeof filter !== 'object' || filter === null) return false;
  const keys = Object.keys(filter);
  return keys.length === 1 && keys[0] === '_id' && typeof (filter as { _id: unknown })._id === 'string';
};

/**
 * Link verification and the quota on the delivery path: with both off, a file link touches
 * neither the users' access documents nor premium users (no extra database call); with both on,
 * every operation of the verify round trip and of a verified user's file link is a point
 * operation on a string `_id` (FerretDB serves nothing else from its index), and a verified user's
 * next link reads nothing: premium users and recently seen access documents are in memory.
 */
describe('clone bot: verification and quotas use point operations only', () => {
  const fake = new FakeShortener();
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 10_000 });
  const ops: Op[] = [];
  let code = '';

  const open = async (userId: number, text: string, expect: (m: Parameters<typeof hasFile>[0]) => boolean) => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(userId, h.bot, text);
    return h.next(userId, expect, after);
  };

  beforeAll(async () => {
    await fake.start();
    await h.start();
    code = CloneHarness.codeOf(await h.upload(h.owner.id, 'ops.pdf'));
    // The worker loads the premium users once after polling starts; from then on they are in memory.
    await h.clone!.runtime.data.premium.load();
    h.connection.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      ops.push({ collection, method, filters: filtersOf(method, args) });
    });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await fake.stop();
  }, 60_000);

  it('with verification and the quota off, a file link reads no access or premium document', async () => {
    const u = h.user('Plain');
    ops.length = 0;
    await open(u.id, `/start ${code}`, hasFile);
    expect(ops.filter((op) => op.collection === 'user_access' || op.collection === 'premium_users')).toEqual([]);
  }, 30_000);

  it('with both on, the verify round trip and a verified file link are point operations', async () => {
    await h.clone!.runtime.settings.update({
      verifyEnabled: true,
      dailyFileQuota: 5,
      shortenerApiUrl: `${fake.base}/good`,
      shortenerKey: sealShortenerKey(h.cloneKey, 'test', 'good-key'),
    });
    const u = h.user('Checked');
    ops.length = 0;
    const prompt = await open(u.id, `/start ${code}`, (m) => /verify/i.test(textOf(m)));
    const short = CloneHarness.buttons(prompt).find((b) => /Verify/.test(b.text))!.url!;
    const payload = new URL(fake.resolve(short)).searchParams.get('start')!;
    await open(u.id, `/start ${payload}`, hasFile);
    const roundTrip = ops.splice(0);
    await open(u.id, `/start ${code}`, hasFile);
    await h.until('two files', () => h.filesIn(u.id).length === 2);
    const verifiedLink = ops.splice(0);
    await h.clone!.runtime.data.stats.flush();
    ops.unshift(...roundTrip, ...verifiedLink);
    const touched = ops.filter((op) => op.collection === 'user_access' || op.collection === 'premium_users');
    expect(touched.some((op) => op.collection === 'user_access' && op.method === 'updateOne')).toBe(true);
    // Premium users are held in memory, and a verified user's access document after its first read.
    expect(touched.filter((op) => op.collection === 'premium_users')).toEqual([]);
    expect(verifiedLink.filter((op) => op.collection === 'user_access').map((op) => op.method)).toEqual(['updateOne']);
    const scans = ops.filter((op) => op.collection !== 'scheduled_deletions' && op.collection !== 'broadcasts' && !op.filters.every(isPointFilter));
    expect(scans).toEqual([]);
    const doc = await h.models.UserAccess.findById(String(u.id)).lean();
    expect(doc?.quotaCount).toBe(2);
    expect(doc?.pending).toBeNull();
  }, 60_000);
});
