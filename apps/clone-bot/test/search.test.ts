import { CloneHarness, textOf } from './cloneHarness';

/** /search: off by default, paging with buttons, tampered button data, regex-safe queries. */
describe('clone bot: search', () => {
  const h = new CloneHarness();
  let dan: { id: number };
  let eve: { id: number };
  const codes: string[] = [];

  beforeAll(async () => {
    await h.start();
    dan = h.user('Dan');
    eve = h.user('Eve');
    for (let i = 1; i <= 7; i++) codes.push(CloneHarness.codeOf(await h.upload(h.owner.id, `Report-${i}.pdf`, { caption: `report number ${i}` })));
    codes.push(CloneHarness.codeOf(await h.upload(h.owner.id, 'holiday.jpg', { kind: 'photo', caption: 'Holiday (Rome) [2024]' })));
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('is not available until the owner turns it on', async () => {
    await h.say(dan.id, '/search report', /not available/);
    const menu = await h.settings(h.owner.id, /Search: off/);
    expect(textOf(menu)).toContain('Search: on');
  });

  it('pages results with buttons, and a result button delivers the file', async () => {
    const first = await h.say(dan.id, '/search REPORT', /Results for/);
    const page1 = CloneHarness.buttons(first);
    expect(page1.filter((b) => b.data?.startsWith('g:'))).toHaveLength(5);
    expect(page1.some((b) => /Next/.test(b.text))).toBe(true);
    expect(page1.some((b) => /Previous/.test(b.text))).toBe(false);
    for (const b of page1) expect(Buffer.byteLength(b.data ?? '')).toBeLessThanOrEqual(64);

    await h.press(dan.id, first, /Next/);
    const page2 = await h.until('page 2', () => {
      const now = h.current(dan.id, first.message_id);
      return /page 2/.test(textOf(now)) ? now : undefined;
    });
    const results2 = CloneHarness.buttons(page2).filter((b) => b.data?.startsWith('g:'));
    expect(results2).toHaveLength(2);
    expect(CloneHarness.buttons(page2).some((b) => /Previous/.test(b.text))).toBe(true);

    const after = h.sandbox.cursor();
    await h.press(dan.id, page2, /Report-1\.pdf/);
    const file = await h.next(dan.id, /report number 1/, after);
    expect((file as { document?: { file_name: string } }).document?.file_name).toBe('Report-1.pdf');
  });

  it('matches several words, special characters literally, and nothing for regex syntax', async () => {
    const hit = await h.say(dan.id, '/search rome (ROME) [2024]', /Results for/);
    expect(CloneHarness.buttons(hit).filter((b) => b.data?.startsWith('g:'))).toHaveLength(1);
    await h.say(dan.id, '/search .*', /Nothing found/);
    await h.say(dan.id, '/search report 9', /Nothing found/);
    await h.say(dan.id, '/search', /followed by a few words/);
    await h.say(dan.id, `/search ${'ä'.repeat(3000)}`, /Nothing found/);
  });

  it('answers tampered or foreign button data politely and changes nothing', async () => {
    const first = await h.say(dan.id, '/search report', /Results for/);
    const next = CloneHarness.buttons(first).find((b) => /Next/.test(b.text))!.data!;
    const press = async (userId: number, data: string) => (await h.sandbox.pressButton(userId, h.bot, first.message_id, data, { force: true })).answer;

    expect((await press(dan.id, 's:AAAAAAAA:1'))?.text).toMatch(/expired/);
    expect((await press(dan.id, next.replace(/:1$/, ':9999')))?.text).toMatch(/expired|No more/);
    const eveResults = await h.say(eve.id, '/search report', /Results for/);
    const foreign = await h.sandbox.pressButton(eve.id, h.bot, eveResults.message_id, next, { force: true }); // Dan's search id
    expect((await foreign.answer)?.text).toMatch(/expired/);
    for (const bad of ['s:../..:1', 'g:f_short', 'zzz', 's:AAAAAAAA:-1', 'st:main:1:2', `g:${'x'.repeat(70)}`, '💥']) {
      expect((await press(dan.id, bad))?.text).toMatch(/no longer valid/);
    }
    const after = h.sandbox.cursor();
    await press(dan.id, `g:f_${'A'.repeat(16)}`);
    await h.next(dan.id, /no longer available/, after);
    expect(textOf(h.current(dan.id, first.message_id))).toMatch(/page 1/);
    expect(h.counters.errors).toBe(0);
  });

  it('does not show deleted files', async () => {
    await h.say(h.owner.id, `/delete ${codes[7]}`, /Deleted/);
    await h.say(dan.id, '/search holiday', /Nothing found/);
  });
});
