import { CloneHarness, hasFile, textOf } from './cloneHarness';

interface Op {
  collection: string;
  method: string;
  filters: unknown[];
}

/** The collections an update reads or writes (the data layer's); timer jobs have their own. */
const UPDATE_PATH = new Set(['users', 'files', 'batches', 'deliveries', 'counters', 'owner_sessions', 'settings', 'premium_users', 'star_payments']);
const INSERTS = new Set(['insertOne', 'insertMany', 'create']);

/** Filters an operation applies (none for inserts); bulk writes give one per statement. */
function filtersOf(method: string, args: unknown[]): unknown[] {
  if (INSERTS.has(method)) return [];
  if (method === 'bulkWrite') {
    return (args[0] as Array<Record<string, { filter?: unknown }>>).map((op) => Object.values(op)[0]?.filter);
  }
  return [args[0]];
}

const isPointFilter = (filter: unknown): boolean => {
  if (typeof filter !== 'object' || filter === null) return false;
  const keys = Object.keys(filter);
  return keys.length === 1 && keys[0] === '_id' && typeof (filter as { _id: unknown })._id === 'string';
};

/**
 * FerretDB 1.x serves only an exact `{_id: <string>}` filter from its index; anything else reads
 * the whole collection, so a clone would slow down with every user it wins. Every operation the
 * clone makes while answering users (new-user /start, a file link, a batch link, a search, the
 * owner's /stats, /privacy, a premium purchase) must be such a point operation or an insert.
 */
describe('clone bot: point operations on the update path', () => {
  const h = new CloneHarness();
  const ops: Op[] = [];

  beforeAll(async () => {
    await h.start();
    await h.clone!.runtime.settings.update({ searchEnabled: true });
    // With search on, a worker builds its search index at start (one scan, in the background).
    await h.restart();
    await h.clone!.runtime.data.library.search.load();
    h.connection.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      if (UPDATE_PATH.has(collection)) ops.push({ collection, method, filters: filtersOf(method, args) });
    });
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('answers a crowd with point reads and writes only', async () => {
    const codes = [];
    for (const name of ['holiday one.jpg', 'holiday two.jpg', 'report.pdf']) codes.push(CloneHarness.codeOf(await h.upload(h.owner.id, name)));
    await h.say(h.owner.id, '/batch', /Batch started/);
    for (const name of ['b1.txt', 'b2.txt']) await h.upload(h.owner.id, name, { expect: /Added to the batch/ });
    const batch = CloneHarness.codeOf(await h.say(h.owner.id, '/done', /Batch of 2/));

    const users = Array.from({ length: 5 }, (_, i) => h.user(`Crowd${i}`));
    for (const u of users) {
      await h.say(u.id, '/start', /Hello/);
      let after = h.sandbox.cursor();
      await h.sandbox.sendText(u.id, h.bot, `/start ${codes[0]}`);
      expect(hasFile(await h.next(u.id, hasFile, after))).toBe(true);
      after = h.sandbox.cursor();
      await h.sandbox.sendText(u.id, h.bot, `/start ${batch}`);
      await h.next(u.id, hasFile, after);
      await h.until('both batch files', () => h.filesIn(u.id).length === 3);
      await h.say(u.id, '/search holiday', /Results for/);
    }
    await h.say(users[0]!.id, '/privacy', /What this bot stores/);
    // A premium purchase: /premium, the offer's invoice, pre-checkout and the successful payment.
    await h.clone!.runtime.settings.update({ premiumOffers: [{ id: 1, days: 30, stars: 50 }] });
    const menu = await h.say(users[1]!.id, '/premium', /Telegram Stars/);
    const beforeInvoice = h.sandbox.cursor();
    await h.press(users[1]!.id, menu, /30 days/);
    const invoice = await h.next(users[1]!.id, (m) => Boolean((m as { invoice?: unknown }).invoice), beforeInvoice);
    const beforeReceipt = h.sandbox.cursor();
    expect((await h.sandbox.payInvoice(users[1]!.id, h.bot, invoice.message_id)).status).toBe('paid');
    await h.next(users[1]!.id, /premium until/, beforeReceipt);
    const stats = textOf(await h.say(h.owner.id, '/stats', /Stats/));
    // Owner and five users; three files and a batch of two; five file links and five batches opened.
    expect(stats).toMatch(/Users: 6\b/);
    expect(stats).toMatch(/Files: 5\b/);
    expect(stats).toMatch(/Deliveries: 10\b/);
    await h.clone!.runtime.data.stats.flush();

    expect(ops.length).toBeGreaterThan(20);
    const scans = ops.filter((op) => !op.filters.every(isPointFilter));
    expect(scans).toEqual([]);
    // It did write: users (with their delivery counts) and counters, by the same point operations; no delivery log.
    expect(ops.some((op) => op.collection === 'users' && op.method === 'bulkWrite')).toBe(true);
    expect(ops.some((op) => op.collection === 'counters')).toBe(true);
    expect(ops.some((op) => op.collection === 'deliveries')).toBe(false);
    expect(ops.some((op) => op.collection === 'star_payments' && INSERTS.has(op.method))).toBe(true);
  }, 120_000);
});
