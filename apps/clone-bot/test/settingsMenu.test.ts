import { SETTINGS_ACTIONS } from '../src/bot/services/callbackData';
import { SETTINGS_ACTION_TABLE } from '../src/bot/features/settings/settingActions';
import { CloneHarness, textOf } from './cloneHarness';

/**
 * The settings menu's buttons that other tests do not press: presets, resets, toggles, "turn
 * off", close, a refused value, and pressing the same button twice (Telegram's "message is not
 * modified", which must change nothing). Guards the settings handler table.
 */
describe('clone bot: the settings menu, button by button', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 1000 });

  beforeAll(async () => {
    await h.start();
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  const messagesOfOwner = (): number => h.sandbox.transcript(h.owner.id, h.bot).filter((e) => e.direction === 'bot').length;

  it('has an entry for every settings button', () => {
    expect(Object.keys(SETTINGS_ACTION_TABLE).sort()).toEqual([...SETTINGS_ACTIONS].sort());
  });

  it('sets an auto-delete preset, refuses a delay out of range, and toggles protect and search', async () => {
    const menu = await h.settings(h.owner.id, /Auto-delete/);
    expect(await h.press(h.owner.id, menu, /^10 minutes$/)).toMatchObject({ text: 'Saved.' });
    await h.until('preset marked', () => CloneHarness.buttons(h.current(h.owner.id, menu.message_id)).some((b) => b.text === '✅ 10 minutes'));
    expect((await h.clone!.runtime.settings.get()).autoDeleteSeconds).toBe(600);

    const refused = await h.sandbox.pressButton(h.owner.id, h.bot, menu.message_id, 'st:adSet:999999999', { force: true });
    expect((await refused.answer)?.text).toBe('That delay is not allowed.');
    expect((await h.clone!.runtime.settings.get()).autoDeleteSeconds).toBe(600);

    await h.press(h.owner.id, menu, /Back/);
    await h.until('main menu', () => /Auto-delete: after 10 minutes/.test(textOf(h.current(h.owner.id, menu.message_id))));
    await h.press(h.owner.id, menu, /Protect: off/);
    await h.until('protect on', () => /Protect content: on/.test(textOf(h.current(h.owner.id, menu.message_id))));
    const searchBefore = (await h.clone!.runtime.settings.get()).searchEnabled;
    await h.press(h.owner.id, menu, /Search: o/);
    const shown = `Search: ${searchBefore ? 'off' : 'on'}`;
    await h.until('search toggled', () => textOf(h.current(h.owner.id, menu.message_id)).includes(shown));
    const settings = await h.clone!.runtime.settings.get();
    expect([settings.protectContent, settings.searchEnabled]).toEqual([true, !searchBefore]);
  });

  it('resets the welcome text and turns the storage channel off, with their toasts', async () => {
    await h.clone!.runtime.settings.update({ welcomeText: 'Custom hello', storageChannelId: -1001234567890 });
    const menu = await h.settings(h.owner.id, /Welcome text/);
    expect(textOf(menu)).toContain('Custom hello');
    expect(await h.press(h.owner.id, menu, /Reset to default/)).toMatchObject({ text: 'Welcome text reset.' });
    await h.until('default welcome shown', () => !textOf(h.current(h.owner.id, menu.message_id)).includes('Custom hello'));

    await h.press(h.owner.id, menu, /Back/);
    await h.until('main menu', () => /Storage channel: -1001234567890/.test(textOf(h.current(h.owner.id, menu.message_id))));
    await h.press(h.owner.id, menu, /Storage channel/);
    await h.until('storage screen', () => /Now: -1001234567890/.test(textOf(h.current(h.owner.id, menu.message_id))));
    expect(await h.press(h.owner.id, menu, /Turn off/)).toMatchObject({ text: 'Storage channel turned off.' });
    await h.until('storage off', () => /Now: none/.test(textOf(h.current(h.owner.id, menu.message_id))));
    expect((await h.clone!.runtime.settings.get()).storageChannelId).toBeNull();
  });

  it('answers a press that changes nothing without a new message, and closes the menu', async () => {
    const menu = await h.settings(h.owner.id);
    const before = messagesOfOwner();
    const history = (): number => h.sandbox.transcript(h.owner.id, h.bot).find((e) => e.message.message_id === menu.message_id)?.history.length ?? 0;
    const edits = history();
    const same = await h.sandbox.pressButton(h.owner.id, h.bot, menu.message_id, 'st:main', { force: true });
    expect(await same.answer).toBeDefined();
    // The owner's updates are handled in order: once /help is answered, the press was handled.
    await h.say(h.owner.id, '/help', /./);
    expect(messagesOfOwner()).toBe(before + 1);
    expect(history()).toBe(edits);

    await h.press(h.owner.id, menu, /Close/);
    await h.until('menu deleted', () => h.sandbox.transcript(h.owner.id, h.bot).find((e) => e.message.message_id === menu.message_id)?.deleted);
  });
});
