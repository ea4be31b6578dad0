import { Telegram } from 'telegraf';
import { DAY_MS, newCloneId, userLanguageModel } from '@motherbot/core';
import { reminderSender } from '../src/bot/reminderSender';
import { adminCommands, userCommands } from '../src/bot/commandMenu';
import { MotherLocales } from '../src/i18n/recipientLocale';
import { PlatformHarness } from './harness';

/**
 * The mother's languages end to end: the real mother (runtime, private PM2 daemon), the sandbox
 * over HTTP, FerretDB. A user's Telegram language picks the catalog (es, hi; anything else is
 * English), /language overrides it from the next message and survives a restart, and the
 * command menu is published per language, with the admin list in the admin's chat.
 */
describe('the mother bot in several languages', () => {
  const h = new PlatformHarness();
  let spanish: { id: number };
  let hindi: { id: number };
  let german: { id: number };

  const mother = () => h.motherBot.id;
  const botEntries = (userId: number) => h.sandbox.transcript(userId, mother()).filter((e) => e.direction === 'bot');
  const say = async (userId: number, text: string, expect: RegExp) => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(userId, mother(), text);
    const message = await h.sandbox.waitForBotMessage({ chatId: userId, botRef: mother(), after, timeoutMs: 20_000, predicate: (m) => expect.test(String(m.text ?? '')) });
    return String(message.text ?? '');
  };
  /** Presses a button on the user's last bot message; resolves with the toast and the screen it showed. */
  const press = async (userId: number, data: string, expect: RegExp) => {
    const messageId = botEntries(userId).at(-1)!.messageId;
    const after = h.sandbox.cursor();
    const pressed = await h.sandbox.pressButton(userId, mother(), messageId, data);
    const answer = (await pressed.answer)?.text ?? '';
    const entry = await h.until(`screen ${expect}`, () =>
      botEntries(userId).find((e) => (e.seq > after || e.messageId === messageId) && expect.test(String(e.message.text ?? ''))),
    );
    return { answer, text: String(entry.message.text ?? ''), markup: entry.message.reply_markup };
  };
  const menuOf = async (scope: Record<string, unknown>, languageCode?: string): Promise<unknown> => {
    const res = await fetch(`${h.sandbox.apiRoot}/bot${h.motherBot.token}/getMyCommands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ scope, ...(languageCode ? { language_code: languageCode } : {}) }),
    });
    return ((await res.json()) as { result: unknown }).result;
  };

  beforeAll(async () => {
    await h.start({ USER_RATE_PER_MINUTE: '1000' });
    spanish = h.sandbox.createUser({ firstName: 'Lucía', languageCode: 'es' });
    hindi = h.sandbox.createUser({ firstName: 'Asha', languageCode: 'hi' });
    german = h.sandbox.createUser({ firstName: 'Jonas', languageCode: 'de' });
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it("answers in the user's Telegram language, English for a language it does not have", async () => {
    expect(await say(spanish.id, '/start', /Hola/)).toContain('Crea un clon');
    expect(await say(hindi.id, '/start', /नमस्ते/)).toContain('क्लोन');
    expect(await say(german.id, '/start', /Hi Jonas/)).toContain('Create a clone');
    expect(await say(spanish.id, '/help', /Comandos/)).toContain('/language — elige tu idioma');
    expect(await say(german.id, '/nonsense', /do not know that command/)).toBeTruthy();
  }, 60_000);

  it('/language offers each language in its own name, applies the choice at once and keeps it across a restart', async () => {
    const menu = await say(german.id, '/language', /Choose the language/);
    expect(menu).toContain('Automatic');
    const labels = (botEntries(german.id).at(-1)!.message.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
    expect(labels).toEqual(['English', 'Español', 'हिन्दी', "✅ 🌐 Automatic (Telegram's language)"]);

    const chosen = await press(german.id, 'lang:es', /español/);
    expect(chosen.answer).toBe('✅ A partir de ahora te escribiré en español.');
    expect(chosen.text).toContain('Elige el idioma');
    expect(await say(german.id, '/help', /Comandos/)).toContain('/new — crear un clon');
    expect((await userLanguageModel(h.mother!.connection).findById(String(german.id)).lean())?.locale).toBe('es');

    // A tampered button changes nothing.
    const stale = await h.sandbox.pressButton(german.id, mother(), botEntries(german.id).at(-1)!.messageId, 'lang:xx', { force: true });
    expect((await stale.answer)?.text).toBe('Este botón ya no es válido.');

    await h.stopMother();
    await h.startMother();
    expect(await say(german.id, '/start', /Hola, Jonas/)).toBeTruthy();

    // "Automatic" forgets the choice: Telegram's language (de, so English) decides again.
    await say(german.id, '/language', /Elige el idioma/);
    const auto = await press(german.id, 'lang:auto', /English/);
    expect(auto.answer).toBe('✅ I will write to you in English from now on.');
    expect(await say(german.id, '/help', /Commands:/)).toContain('/language — choose your language');
    expect(await userLanguageModel(h.mother!.connection).findById(String(german.id)).lean()).toBeNull();

    // The Hindi speaker chooses Spanish; messages sent without an update (reminders, notices) follow the choice.
    await say(hindi.id, '/language', /भाषा चुनें/);
    await press(hindi.id, 'lang:es', /español/);
    const locales = new MotherLocales(h.mother!.connection, h.mother!.models.User);
    await locales.load();
    expect(await locales.of(hindi.id)).toBe('es'); // the stored choice
    expect(await locales.of(spanish.id)).toBe('es'); // the language_code on the user's document
    expect(await locales.of(german.id)).toBe('en'); // de: no catalog
    expect(await locales.of(987_654_321)).toBe('en'); // never seen

    // A reminder goes out in each owner's language, its Renew button too.
    const send = reminderSender(new Telegram(h.motherBot.token, { apiRoot: h.sandbox.apiRoot }), locales);
    const reminder = { cloneId: newCloneId(), botUsername: 'files_bot', offsetDays: 3, expiresAt: new Date(Date.now() + 3 * DAY_MS) };
    await send({ ...reminder, ownerId: spanish.id });
    await send({ ...reminder, ownerId: german.id });
    const last = (userId: number) => botEntries(userId).at(-1)!.message;
    expect(String(last(spanish.id).text)).toMatch(/^⏰ La suscripción de @files_bot termina en 3 días/);
    expect(last(spanish.id).reply_markup?.inline_keyboard?.[0]?.[0]?.text).toBe('⭐ Renovar');
    expect(String(last(german.id).text)).toMatch(/^⏰ The subscription of @files_bot ends in 3 days/);
  }, 90_000);

  it('publishes the command menu per language, and the admin list in the admin chat', async () => {
    await h.until('menus published', async () => JSON.stringify(await menuOf({ type: 'default' }, 'hi')) === JSON.stringify(userCommands('hi')));
    expect(await menuOf({ type: 'default' })).toEqual(userCommands());
    expect(await menuOf({ type: 'default' }, 'es')).toEqual(userCommands('es'));
    expect(userCommands('es').find((c) => c.command === 'language')?.description).toBe('Elige tu idioma');
    const adminChat = { type: 'chat', chat_id: h.admin.id };
    expect(await menuOf(adminChat)).toEqual(adminCommands());
    expect(await menuOf(adminChat, 'es')).toEqual(adminCommands('es'));
    expect(await menuOf(adminChat, 'hi')).toEqual(adminCommands('hi'));
    expect(adminCommands('hi').map((c) => c.command)).toEqual(expect.arrayContaining(['admin', 'health', 'language']));
    expect(await menuOf({ type: 'chat', chat_id: spanish.id }, 'es')).toEqual([]); // not an admin: the default list applies
  }, 60_000);
});
