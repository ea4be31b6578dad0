import { SETTINGS_ACTIONS } from '../src/bot/services/callbackData';
import { CloneHarness, textOf } from './cloneHarness';

/** Non-owners reach no owner command, setting or button; clone admins reach all but the admin list. */
describe('clone bot: owner-only commands and settings', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 1000 });
  let mallory: { id: number };
  let adam: { id: number };
  let code: string;

  beforeAll(async () => {
    await h.start();
    mallory = h.user('Mallory');
    adam = h.user('Adam');
    code = CloneHarness.codeOf(await h.upload(h.owner.id, 'owned.pdf'));
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('refuses every owner command to a non-owner', async () => {
    const before = await h.clone!.runtime.settings.get();
    for (const command of ['/batch', '/done', '/cancel', '/link', `/delete ${code}`, '/settings', '/stats', '/broadcast']) {
      await h.say(mallory.id, command, /Only the owner of this bot can do that/);
    }
    expect(await h.models.File.countDocuments({ _id: code, deletedAt: null })).toBe(1);
    expect(await h.models.OwnerSession.countDocuments({ _id: String(mallory.id) })).toBe(0);
    expect(await h.models.Batch.countDocuments({})).toBe(0);
    expect(await h.clone!.runtime.settings.get()).toEqual(before);
  });

  it('refuses every settings button and the broadcast cancel button to a non-owner', async () => {
    const welcome = await h.say(mallory.id, '/start', /Hello Mallory/);
    expect(CloneHarness.buttons(welcome)).toHaveLength(0); // no settings button for users
    const before = await h.clone!.runtime.settings.get();
    for (const action of SETTINGS_ACTIONS) {
      for (const data of [`st:${action}`, `st:${action}:60`]) {
        const pressed = await h.sandbox.pressButton(mallory.id, h.bot, welcome.message_id, data, { force: true });
        expect((await pressed.answer)?.text).toMatch(/Only the owner/);
      }
    }
    const cancel = await h.sandbox.pressButton(mallory.id, h.bot, welcome.message_id, 'bc:x:0123456789abcdef', { force: true });
    expect((await cancel.answer)?.text).toMatch(/Only the owner/);
    expect(await h.clone!.runtime.settings.get()).toEqual(before);
    expect(await h.models.OwnerSession.countDocuments({ _id: String(mallory.id) })).toBe(0);
    expect(textOf(await h.say(mallory.id, '/help', /share link/))).not.toContain('/broadcast');
  });

  it('lets the owner name a clone admin who can then use owner commands, but not change admins', async () => {
    const ownerWelcome = await h.say(h.owner.id, '/start', /Hello Olga/);
    expect(CloneHarness.buttons(ownerWelcome).some((b) => /Settings/.test(b.text))).toBe(true);
    await h.settings(h.owner.id, /Clone admins/, /Add admin/);
    await h.say(h.owner.id, 'nobody', /not a Telegram user id/);
    await h.say(h.owner.id, String(adam.id), /is now a clone admin/);

    await h.say(adam.id, '/stats', /Stats/);
    const link = await h.upload(adam.id, 'by-admin.txt');
    expect(CloneHarness.codeOf(link)).toMatch(/^f_/);
    const menu = await h.say(adam.id, '/settings', /Settings/);
    const refused = await h.press(adam.id, h.current(adam.id, menu.message_id), /Clone admins/).then(async () => {
      const admins = h.current(adam.id, menu.message_id);
      const pressed = await h.sandbox.pressButton(adam.id, h.bot, admins.message_id, 'st:admAdd', { force: true });
      return pressed.answer;
    });
    expect(refused?.text).toMatch(/Only the owner can change the clone admins/);

    // The owner removes the admin: Adam is a user again.
    const list = await h.settings(h.owner.id, /Clone admins/);
    await h.press(h.owner.id, list, new RegExp(`Remove ${adam.id}`));
    await h.until('admin removed', async () => !(await h.clone!.runtime.settings.get()).adminIds.includes(adam.id));
    await h.say(adam.id, '/stats', /Only the owner/);
  });
});
