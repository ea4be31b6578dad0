import { CloneHarness, hasFile, textOf } from './cloneHarness';
import { newLinkCode } from '../src/bot/services/linkCodes';

/** Discovery buttons under the welcome: recent, popular (by deliveries), random; deleted files never show; each turned on and off by the owner. */
describe('clone bot: discovery (recent, popular, random)', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 10_000 });
  const rt = () => h.clone!.runtime;
  const codes: string[] = [];
  let deleted = '';

  const labels = (m: Parameters<typeof CloneHarness.buttons>[0]) => CloneHarness.buttons(m).map((b) => b.text);
  /** Presses a discovery button on a fresh welcome; resolves with the list message. */
  const list = async (userId: number, label: RegExp) => {
    const welcome = await h.say(userId, '/start', /Hello/);
    const after = h.sandbox.cursor();
    await h.press(userId, welcome, label);
    return h.next(userId, /Tap a file/, after);
  };

  beforeAll(async () => {
    await h.start();
    for (let i = 1; i <= 12; i++) codes.push(CloneHarness.codeOf(await h.upload(h.owner.id, `file-${String(i).padStart(2, '0')}.pdf`, { caption: `caption ${i}` })));
    deleted = codes[11]!;
    await h.say(h.owner.id, `/delete ${deleted}`, /Deleted/);
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('no discovery buttons until the owner turns them on; each toggles on its own', async () => {
    const ann = h.user('Ann');
    expect(labels(await h.say(ann.id, '/start', /Hello/))).toEqual([]);
    const menu = await h.settings(h.owner.id, /Discovery/);
    expect(textOf(menu)).toMatch(/Recent: off/);
    for (const label of [/Recent: off/, /Popular: off/, /Random: off/]) await h.press(h.owner.id, menu, label);
    await h.until('all on', async () => {
      const s = await rt().settings.get();
      return s.discoveryRecent && s.discoveryPopular && s.discoveryRandom;
    });
    expect(labels(await h.say(ann.id, '/start', /Hello/))).toEqual(['🆕 Recent', '🔥 Popular', '🎲 Random']);
  });

  it('recent: the newest ten, deleted files left out; a button delivers its file', async () => {
    const bo = h.user('Bo');
    const recent = await list(bo.id, /Recent/);
    const names = labels(recent);
    expect(names).toHaveLength(10);
    expect(names[0]).toContain('file-11.pdf');
    expect(names.join()).not.toContain('file-12.pdf');
    const after = h.sandbox.cursor();
    await h.press(bo.id, recent, /file-11\.pdf/);
    await h.next(bo.id, /caption 11/, after);
  });

  it('popular: by deliveries, from the stats top list; a file deleted later disappears from it', async () => {
    const users = [h.user('P1'), h.user('P2'), h.user('P3')];
    for (const u of users) await h.say(u.id, `/start ${codes[2]}`, /caption 3/);
    for (const u of users.slice(0, 2)) await h.say(u.id, `/start ${codes[4]}`, /caption 5/);
    await h.say(users[0]!.id, `/start ${codes[6]}`, /caption 7/);
    const cy = h.user('Cy');
    const popular = labels(await list(cy.id, /Popular/));
    expect(popular.slice(0, 2)).toEqual([expect.stringContaining('file-03.pdf'), expect.stringContaining('file-05.pdf')]);
    await h.say(h.owner.id, `/delete ${codes[2]}`, /Deleted/);
    const after = labels(await list(cy.id, /Popular/));
    expect(after.join()).not.toContain('file-03.pdf');
    expect(after[0]).toContain('file-05.pdf');
  });

  it('popular: files still fill it when batch links are delivered more often than any file', async () => {
    // Ten batch links, each delivered more often than every live file: they fill the top links of /stats.
    const fans = [h.user('Q1'), h.user('Q2'), h.user('Q3')];
    for (let i = 0; i < 10; i++) {
      const code = newLinkCode('batch');
      await rt().data.library.addBatch(code, [codes[0]!], h.owner.id);
      for (const u of fans) await h.say(u.id, `/start ${code}`, /caption 1/);
    }
    const popular = labels(await list(h.user('Gil').id, /Popular/));
    expect(popular[0]).toContain('file-05.pdf');
    expect(popular.join()).toContain('file-07.pdf');
    expect(popular.join()).not.toContain('file-03.pdf');
  });

  it('random: always a live file, never a deleted one', async () => {
    const dee = h.user('Dee');
    for (let i = 0; i < 8; i++) {
      const welcome = await h.say(dee.id, '/start', /Hello/);
      const after = h.sandbox.cursor();
      await h.press(dee.id, welcome, /Random/);
      const file = await h.next(dee.id, (m) => hasFile(m), after);
      expect(textOf(file)).not.toMatch(/caption (3|12)$/);
    }
  });

  it('the lists are one document, rebuilt from the files when missing (files from before the lists)', async () => {
    await h.stopBot();
    await h.connection.collection('discovery').deleteMany({});
    await h.launch();
    await h.until('rebuilt', () => h.connection.collection('discovery').findOne({ _id: 'lists' as never }));
    const doc = await h.connection.collection('discovery').findOne({ _id: 'lists' as never });
    expect(doc!.recent).toHaveLength(10);
    expect(doc!.recent).not.toContain(deleted);
    expect(doc!.recent).not.toContain(codes[2]);
    expect(doc!.sample).toHaveLength(10);
  });

  it('a press costs point reads only (no query FerretDB would answer by reading a whole collection)', async () => {
    const ops: Array<{ collection: string; method: string; filter: unknown }> = [];
    h.connection.set('debug', (collection: string, method: string, filter: unknown) => {
      if (['discovery', 'files', 'counters'].includes(collection)) ops.push({ collection, method, filter });
    });
    try {
      const fay = h.user('Fay');
      for (const label of [/Recent/, /Popular/]) await list(fay.id, label);
      const welcome = await h.say(fay.id, '/start', /Hello/);
      const after = h.sandbox.cursor();
      await h.press(fay.id, welcome, /Random/);
      await h.next(fay.id, (m) => hasFile(m), after);
    } finally {
      h.connection.set('debug', false);
    }
    const reads = ops.filter((o) => o.method !== 'bulkWrite' && o.method !== 'updateOne');
    expect(reads.length).toBeGreaterThan(0);
    for (const op of reads) expect(Object.keys(op.filter as object)).toEqual(['_id']);
  });

  it('a button the owner turned off answers so, and disappears from the welcome', async () => {
    const eve = h.user('Eve');
    const welcome = await h.say(eve.id, '/start', /Hello/);
    const menu = await h.settings(h.owner.id, /Discovery/);
    await h.press(h.owner.id, menu, /Random: on/);
    await h.until('random off', async () => !(await rt().settings.get()).discoveryRandom);
    expect((await h.press(eve.id, welcome, /Random/))?.text).toMatch(/turned off/);
    expect(labels(await h.say(eve.id, '/start', /Hello/))).toEqual(['🆕 Recent', '🔥 Popular']);
  });
});
