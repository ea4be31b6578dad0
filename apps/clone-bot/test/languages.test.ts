import { Telegram } from 'telegraf';
import { DEFAULT_WELCOME_TEXT } from '@motherbot/core';
import { cloneTexts } from '../src/i18n/texts';
import { MANAGER_MENU, USER_MENU, menuIn } from '../src/bot/services/commandMenus';
import { CloneHarness, textOf } from './cloneHarness';

/**
 * The clone speaks each user's language: Telegram's `language_code` picks it (a language without
 * a catalog gets English), /language overrides it and the choice survives a restart, the owner
 * may write a welcome per language, and users and managers get their own command menus in
 * every language.
 */
describe('clone bot: languages and command menus', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 1000 });
  let api: Telegram;

  beforeAll(async () => {
    await h.start();
    api = new Telegram(h.botInfo.token, { apiRoot: h.sandbox.apiRoot });
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  const speaker = (firstName: string, languageCode?: string) => h.sandbox.createUser({ firstName, ...(languageCode ? { languageCode } : {}) });

  it('answers in the language Telegram gives, English when there is no catalog for it', async () => {
    const es = speaker('Lucía', 'es');
    const hi = speaker('Asha', 'hi');
    const de = speaker('Jonas', 'de');
    const latam = speaker('Mateo', 'es-419');
    expect(textOf(await h.say(es.id, '/help', /./))).toBe(cloneTexts.t('es', 'help.user'));
    expect(textOf(await h.say(hi.id, '/help', /./))).toBe(cloneTexts.t('hi', 'help.user'));
    expect(textOf(await h.say(de.id, '/help', /./))).toBe(cloneTexts.t('en', 'help.user'));
    expect(textOf(await h.say(latam.id, '/nonsense', /./))).toBe(cloneTexts.t('es', 'fallback.unknownCommand'));
    expect(textOf(await h.say(hi.id, '/stats', /./))).toBe(cloneTexts.t('hi', 'common.notAllowed'));
  });

  it('/language overrides Telegram\'s language from the next message on, and the choice survives a restart', async () => {
    const jonas = speaker('Jonas', 'de');
    const menu = await h.say(jonas.id, '/language', /./);
    expect(textOf(menu)).toBe(cloneTexts.t('en', 'language.prompt'));
    const labels = CloneHarness.buttons(menu).map((b) => b.text);
    expect(labels).toEqual(['English', 'Español', 'हिन्दी', `✅ ${cloneTexts.t('en', 'language.automatic')}`]);

    const answer = await h.press(jonas.id, menu, /^Español$/);
    expect(answer?.text).toBe(cloneTexts.t('es', 'language.saved'));
    // The menu itself is redrawn in the new language, the choice ticked.
    await h.until('menu in Spanish', () => textOf(h.current(jonas.id, menu.message_id)).startsWith(cloneTexts.t('es', 'language.saved')));
    expect(CloneHarness.buttons(h.current(jonas.id, menu.message_id)).map((b) => b.text)).toContain('✅ Español');
    expect(textOf(await h.say(jonas.id, '/help', /./))).toBe(cloneTexts.t('es', 'help.user'));
    expect(await h.connection.collection('user_languages').findOne({ _id: String(jonas.id) as never })).toMatchObject({ locale: 'es' });

    await h.restart();
    expect(textOf(await h.say(jonas.id, '/help', /./))).toBe(cloneTexts.t('es', 'help.user'));

    // Automatic: back to Telegram's language (German has no catalog: English).
    const again = await h.say(jonas.id, '/language', /./);
    await h.press(jonas.id, again, /Automático/);
    expect(textOf(await h.say(jonas.id, '/help', /./))).toBe(cloneTexts.t('en', 'help.user'));
    expect(await h.connection.collection('user_languages').countDocuments({ _id: String(jonas.id) as never })).toBe(0);
  }, 60_000);

  it('refuses a tampered language button and changes nothing', async () => {
    const ana = speaker('Ana', 'es');
    const menu = await h.say(ana.id, '/language', /./);
    const pressed = await h.sandbox.pressButton(ana.id, h.bot, menu.message_id, 'lang:xx', { force: true });
    expect((await pressed.answer)?.text).toBe(cloneTexts.t('es', 'language.stale'));
    expect(h.clone!.runtime.data.languages.get(ana.id)).toBeUndefined();
  });

  it('greets each language with the owner\'s welcome for it, and others with the main welcome', async () => {
    // Before the owner changes anything, the default welcome is in each user's language.
    const lucia = speaker('Lucía <i>', 'es');
    expect(textOf(await h.say(lucia.id, '/start', /./))).toBe('¡Hola Lucía <i>! Envíame un enlace compartido para recibir tu archivo.');

    const menu = await h.settings(h.owner.id, /Welcome text/, /Welcome per language/);
    expect(textOf(menu)).toContain('Welcome per language');
    const cursor = h.sandbox.cursor();
    await h.press(h.owner.id, menu, /✏️ Español/);
    await h.next(h.owner.id, /Español users/, cursor);
    // Short as typed, but with every {full_name} filled at its longest (129) it would pass Telegram's 4096: refused, nothing saved.
    await h.say(h.owner.id, '{full_name} '.repeat(40), /can reach 5199 characters; the limit is 4096/);
    expect((await h.clone!.runtime.settings.get()).welcomeByLocale ?? {}).toEqual({});
    await h.say(h.owner.id, '¡Hola {first_name}! Envíame un enlace <b>para</b> recibir tu archivo.', /Preview/);
    expect((await h.clone!.runtime.settings.get()).welcomeByLocale).toEqual({ es: '¡Hola {first_name}! Envíame un enlace <b>para</b> recibir tu archivo.' });
    expect(textOf(await h.say(lucia.id, '/start', /./))).toBe('¡Hola Lucía <i>! Envíame un enlace <b>para</b> recibir tu archivo.');

    // Once the owner writes a main welcome, languages without their own text get it.
    await h.clone!.runtime.settings.update({ welcomeText: 'Welcome to {first_name}\'s library!' });
    const asha = speaker('Asha', 'hi');
    expect(textOf(await h.say(asha.id, '/start', /./))).toBe("Welcome to Asha's library!");
    expect(textOf(await h.say(lucia.id, '/start', /./))).toBe('¡Hola Lucía <i>! Envíame un enlace <b>para</b> recibir tu archivo.');

    // Removing the Spanish one gives Spanish speakers the main welcome again.
    const view = await h.settings(h.owner.id, /Welcome text/, /Welcome per language/);
    await h.press(h.owner.id, view, /↩️ Español/);
    await h.until('removed', async () => Object.keys((await h.clone!.runtime.settings.get()).welcomeByLocale).length === 0);
    expect(textOf(await h.say(lucia.id, '/start', /./))).toBe("Welcome to Lucía <i>'s library!");
  }, 60_000);

  it("shows the settings menu, its questions and answers in the manager's language", async () => {
    const rosa = speaker('Rosa', 'es');
    await h.clone!.runtime.settings.update({ adminIds: [rosa.id], welcomeText: DEFAULT_WELCOME_TEXT, welcomeHtml: null });
    const menu = await h.say(rosa.id, '/settings', /Ajustes/);
    expect(textOf(menu)).toContain(cloneTexts.t('es', 'settings.autoDeleteOff'));
    // The untouched welcome is the bot's own, which users get in their language: shown in hers, not as the stored English.
    expect(textOf(menu)).toContain(cloneTexts.t('es', 'welcomeLocale.default'));
    expect(textOf(menu)).not.toContain(DEFAULT_WELCOME_TEXT);
    expect(CloneHarness.buttons(menu).map((b) => b.text)).toContain(cloneTexts.t('es', 'settings.autoDeleteButton'));
    const cursor = h.sandbox.cursor();
    await h.press(rosa.id, menu, /Borrado automático/);
    await h.until('auto-delete screen', () => textOf(h.current(rosa.id, menu.message_id)).startsWith('⏳ Borrado automático'));
    await h.press(rosa.id, menu, /Otro…/);
    await h.next(rosa.id, (m) => textOf(m) === cloneTexts.t('es', 'settings.autoDeletePrompt'), cursor);
    expect(textOf(await h.say(rosa.id, 'mañana', /./))).toBe(cloneTexts.t('es', 'settings.tryAgain', { error: cloneTexts.t('es', 'settings.badDelayTyped') }));
    await h.say(rosa.id, '10m', /Los archivos entregados se borrarán tras 10 minutos/);
    await h.clone!.runtime.settings.update({ adminIds: [], autoDeleteSeconds: 0 });
  }, 60_000);

  it('sets a user menu and a manager menu in every language, and follows the clone admins', async () => {
    const commands = (extra: Parameters<Telegram['getMyCommands']>[0] = {}) => api.getMyCommands(extra);
    await h.until('menus set', async () => (await commands({ scope: { type: 'chat', chat_id: h.owner.id }, language_code: 'hi' })).length > 0);
    expect(await commands()).toEqual(menuIn(USER_MENU, 'en'));
    expect(await commands({ language_code: 'es' })).toEqual(menuIn(USER_MENU, 'es'));
    expect(await commands({ language_code: 'hi' })).toEqual(menuIn(USER_MENU, 'hi'));
    const ownerScope = { type: 'chat' as const, chat_id: h.owner.id };
    expect(await commands({ scope: ownerScope })).toEqual(menuIn(MANAGER_MENU, 'en'));
    expect(await commands({ scope: ownerScope, language_code: 'es' })).toEqual(menuIn(MANAGER_MENU, 'es'));
    expect((await commands({ scope: ownerScope })).map((c) => c.command)).toEqual(expect.arrayContaining(['settings', 'stats', 'broadcast']));
    expect((await commands()).map((c) => c.command)).not.toContain('settings');

    const admin = speaker('Ravi', 'hi');
    const adminScope = { type: 'chat' as const, chat_id: admin.id };
    expect(await commands({ scope: adminScope })).toEqual([]);
    await h.clone!.runtime.settings.update({ adminIds: [admin.id] });
    await h.until('admin menu', async () => (await commands({ scope: adminScope, language_code: 'hi' })).length > 0);
    expect(await commands({ scope: adminScope, language_code: 'hi' })).toEqual(menuIn(MANAGER_MENU, 'hi'));
    await h.clone!.runtime.settings.update({ adminIds: [] });
    await h.until('admin menu removed', async () => (await commands({ scope: adminScope, language_code: 'hi' })).length === 0);
    expect(await commands({ scope: adminScope })).toEqual([]);

    // One manager's menu call fails (Telegram refuses it for longer than a call may wait): the
    // managers after it still get theirs, and so do that manager's other languages.
    const [first, second] = [speaker('Uno', 'es'), speaker('Dos', 'hi')];
    h.sandbox.injectFault({ botRef: h.bot, method: 'setMyCommands', kind: '429', count: 1, retryAfter: 100 });
    await h.clone!.runtime.settings.update({ adminIds: [first.id, second.id] });
    await h.until('second admin menu', async () => (await commands({ scope: { type: 'chat', chat_id: second.id }, language_code: 'hi' })).length > 0);
    expect(await commands({ scope: { type: 'chat', chat_id: second.id } })).toEqual(menuIn(MANAGER_MENU, 'en'));
    expect(await commands({ scope: { type: 'chat', chat_id: first.id }, language_code: 'es' })).toEqual(menuIn(MANAGER_MENU, 'es'));
    expect(menuIn(MANAGER_MENU, 'es').map((c) => c.command)).toEqual(expect.arrayContaining(['index', 'cancel']));
    await h.clone!.runtime.settings.update({ adminIds: [] });
    await h.until('menus removed', async () => (await commands({ scope: { type: 'chat', chat_id: second.id }, language_code: 'hi' })).length === 0);
  }, 60_000);
});
