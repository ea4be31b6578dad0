import { cloneTexts } from '../src/i18n/texts';
import { newLinkCode } from '../src/bot/services/linkCodes';
import { CloneHarness, hasFile, textOf } from './cloneHarness';

/**
 * The owner's /stats in the owner's language, top links included: a batch link has no file name
 * to show, so the catalog names it (real clone, sandbox, FerretDB).
 */
describe('clone bot: /stats in the owner’s language', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 10_000 });
  const rt = () => h.clone!.runtime;

  beforeAll(async () => {
    await h.start();
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('names a batch in Spanish among the top links, files by their names', async () => {
    const kept = CloneHarness.codeOf(await h.upload(h.owner.id, 'kept.pdf'));
    const gone = CloneHarness.codeOf(await h.upload(h.owner.id, 'gone.pdf'));
    const batch = newLinkCode('batch');
    await rt().data.library.addBatch(batch, [kept], h.owner.id);
    const fan = h.user('Fan');
    for (const code of [kept, gone, batch]) {
      const after = h.sandbox.cursor();
      await h.sandbox.sendText(fan.id, h.bot, `/start ${code}`);
      await h.next(fan.id, (m) => hasFile(m), after);
    }
    await h.say(h.owner.id, `/delete ${gone}`, /Deleted/);

    const menu = await h.say(h.owner.id, '/language', /./);
    await h.press(h.owner.id, menu, /^Español$/);
    await h.until('owner in Spanish', () => textOf(h.current(h.owner.id, menu.message_id)).startsWith(cloneTexts.t('es', 'language.saved')));

    const stats = textOf(await h.say(h.owner.id, '/stats', /📊/));
    expect(stats).toContain(`kept.pdf ${kept}: 1`);
    expect(stats).toContain(`${cloneTexts.t('es', 'stats.topBatch')} ${batch}: 1`);
    expect(stats).toContain(`gone.pdf ${gone}: 1`);
    expect(stats).toContain(cloneTexts.t('es', 'stats.title').replace(/<\/?b>/g, ''));
    expect(stats).not.toMatch(/\b(batch|deleted file|Top links|Deliveries)\b/);
  }, 60_000);
});
