import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORGED_UPDATE_ERROR, LONG, Rng, callbackData, drained, fuzzSeed, hostileText, oddUpdate, runFuzz, startPayload, trackUnhandled, watchTelegramErrors, type TelegramErrorLog } from '@test-support/fuzz';
import { cb } from '../src/bot/services/callbackData';
import { BatchPageGrants } from '../src/bot/services/batchPageGrants';
import { CloneHarness, textOf } from './cloneHarness';
import { parseHtml } from '@motherbot/telegram-sandbox';
import { entitiesToHtml } from '../src/bot/services/entitiesToHtml';
import { PremiumInvoices } from '../src/bot/services/premiumInvoice';

const STEPS = Number(process.env.FUZZ_STEPS) || (LONG ? 5_000 : 400);
const SEED = fuzzSeed();

/**
 * The clone bot under generated input: hostile texts, start payloads of every
 * shape, raw updates of odd and unknown kinds, tampered and replayed buttons, nameless files,
 * forwards and edits, and owners typing hostile settings (welcome text, channel, admin id,
 * auto-delete) that are then shown to users. Afterwards: the bot still answers /start, no
 * unhandled rejection, no handler error, and Telegram (the sandbox) never refused a reply for
 * its entities. `npm test` runs 400 steps; `npm run test:security` runs 5,000 (SECURITY_LONG=1).
 * Reproduce a run with FUZZ_SEED=<seed> FUZZ_STEPS=<n>.
 */
describe(`clone bot fuzz (seed ${SEED}, ${STEPS} steps)`, () => {
  const h = new CloneHarness({ flood: { enabled: false }, }, { userRatePerMinute: 1_000_000 });
  const unhandled = trackUnhandled();
  let errors: TelegramErrorLog;
  const codes: string[] = [];
  const callbacks = new Set<string>(['st:main', 'st:welcomeEdit', 'st:fsAdd', 'st:admAdd', 'st:adCustom', 'st:storeSet', 'st:protect', 'st:search', 'st:adSet:5', 'lang:es', 'lang:hi', 'lang:auto']);
  let forgedUpdateErrors = 0;
  const forgedPaid: string[] = [];
  /** Genuine invoices: charges that went through, and invoices paid although their offer had been changed or removed first. */
  const paidCharges = new Set<string>();
  const stalePaid: string[] = [];
  const handlerErrors: string[] = [];
  /** Owner texts whose generated HTML showed something else than the owner typed (injection or loss). */
  const injected: string[] = [];
  let people: Array<{ id: number; first_name: string; username?: string }> = [];
  let library: { id: number };

  beforeAll(async () => {
    await h.start();
    errors = watchTelegramErrors(h.botInfo.token);
    // Handler errors, by cause (the bot logs each one as "update failed").
    const logError = h.logger.error.bind(h.logger) as (...args: unknown[]) => unknown;
    (h.logger as unknown as { error: (message: unknown, meta?: { error?: unknown }) => unknown }).error = (message: unknown, meta?: { error?: unknown }) => {
      if (message === 'update failed') {
        const text = String((meta?.error as Error | undefined)?.message ?? meta?.error);
        if (FORGED_UPDATE_ERROR.test(text)) forgedUpdateErrors += 1;
        else handlerErrors.push(text);
      }
      return logError(message, meta);
    };
    const admin = h.user('Adam');
    await h.clone!.runtime.settings.update({ adminIds: [admin.id], searchEnabled: true });
    people = [
      { id: h.owner.id, first_name: 'Olga', username: 'olga_owner' },
      { id: admin.id, first_name: 'Adam' },
      ...['<b>Eve</b>', 'Mallory &amp;', '\u202eRTL', '*Md*_user_', 'Zed'].map((name) => {
        const u = h.user(name, { username: `u${Math.floor(Math.random() * 1e6)}` });
        return { id: u.id, first_name: name, username: u.username };
      }),
    ];
    for (const name of ['fuzz a.pdf', '<b>bold</b>.txt', '&amp;.doc']) codes.push(CloneHarness.codeOf(await h.upload(h.owner.id, name)));
    // A connected channel (the channelPost action posts in it), for channel posts, /index and range /batch.
    library = h.sandbox.createChannel({ title: '<b>Fuzz</b> & library', username: 'fuzz_library' });
    h.sandbox.setChatMember(library.id, h.owner.id, 'creator');
    h.sandbox.setChatMember(library.id, h.bot, 'administrator');
    await h.clone!.runtime.settings.update({ indexChannel: { chatId: library.id, title: '<b>Fuzz</b> & library', username: 'fuzz_library' } });
    callbacks.add('ix:x');
    // A batch of two pages (60 codes) and its next-page buttons: genuine ones for some people, with
    // tampered page numbers, a page past the end, a file code in place of the batch's.
    const paged = 'b_FuzzPagedBatch01';
    await h.clone!.runtime.data.library.addBatch(paged, Array.from({ length: 60 }, (_, i) => codes[i % codes.length]!), h.owner.id);
    const grants = new BatchPageGrants(h.cloneKey, 'test');
    const expires = Math.floor(Date.now() / 1000) + 3600;
    for (const person of people.slice(0, 3)) {
      const real = cb.batchPage(grants.issue(person.id, paged, 1, expires));
      for (const data of [real, real.replace(':1:', ':2:'), real.replace(':1:', ':999:'), real.replace(paged, codes[0]!), cb.batchPage(grants.issue(person.id, paged, 5, expires))]) callbacks.add(data);
    }
  }, 60_000);

  afterAll(async () => {
    unhandled.dispose();
    await h.close();
  }, 60_000);

  it('stays up, answers well-formed replies, and never rejects unhandled', async () => {
    const bot = h.bot;
    const anyone = (rng: Rng) => rng.pick(people);
    const manager = (rng: Rng) => people[rng.int(0, 1)]!;
    const lastBotMessage = (userId: number) => h.sandbox.transcript(userId, bot).filter((e) => e.direction === 'bot').at(-1);
    const learnButtons = (userId: number) => {
      const markup = (lastBotMessage(userId)?.message as { reply_markup?: { inline_keyboard?: Array<Array<{ callback_data?: string }>> } } | undefined)?.reply_markup;
      for (const b of (markup?.inline_keyboard ?? []).flat()) if (b.callback_data) callbacks.add(b.callback_data);
    };

    const result = await runFuzz({
      seed: SEED,
      steps: STEPS,
      concurrency: 8,
      actions: {
        text: [25, async (rng) => h.sandbox.sendText(anyone(rng).id, bot, hostileText(rng))],
        startPayload: [12, async (rng) => h.sandbox.sendText(anyone(rng).id, bot, `/start ${startPayload(rng, codes)}`)],
        rawUpdate: [18, async (rng) => h.sandbox.injectUpdate(bot, oddUpdate(rng, anyone(rng), [...callbacks]))],
        button: [15, async (rng) => {
          const who = anyone(rng);
          const target = lastBotMessage(who.id);
          if (!target) return h.sandbox.sendText(who.id, bot, '/start');
          // Replays of real data (valid and stale) as often as tampered data.
          const data = rng.chance(0.5) ? rng.pick([...callbacks]) : callbackData(rng, [...callbacks]);
          const pressed = await h.sandbox.pressButton(who.id, bot, target.messageId, data, { force: true });
          learnButtons(who.id);
          void pressed.answer; // not awaited: an ignored press settles only at the sandbox's 15 s timeout
        }],
        file: [10, async (rng) => {
          const who = rng.chance(0.6) ? manager(rng) : anyone(rng);
          const kind = rng.pick(['document', 'photo', 'video', 'audio', 'voice', 'animation'] as const);
          const named = rng.chance(0.5);
          await h.sandbox.sendFile(who.id, bot, { kind, ...(named ? { fileName: hostileText(rng, 200) || 'x' } : {}), content: Buffer.from(`fuzz ${rng.next()}`), ...(rng.chance(0.4) ? { caption: hostileText(rng, 1024) || 'c' } : {}) });
        }],
        forward: [5, async (rng) => h.sandbox.forwardToBot(anyone(rng).id, bot, { text: hostileText(rng) || 'x' })],
        ownerSetting: [10, async (rng) => {
          // A manager opens a settings prompt and answers it with hostile input, then a user sees the result.
          const who = manager(rng);
          await h.sandbox.sendText(who.id, bot, rng.pick(['/settings', '/batch', '/done', '/cancel', '/stats', '/link', `/delete ${rng.pick(codes)}x`, `/search ${hostileText(rng, 50)}`]));
          const target = lastBotMessage(who.id);
          if (target) await h.sandbox.pressButton(who.id, bot, target.messageId, rng.pick(['st:welcomeEdit', 'st:fsAdd', 'st:admAdd', 'st:adCustom', 'st:storeSet', 'st:premAdd', 'st:vfUrl', 'st:vfKey', 'st:vfTut', 'st:quota', 'st:capEdit', 'st:btnChan']), { force: true });
          await h.sandbox.sendText(who.id, bot, rng.chance(0.7) ? hostileText(rng, 3000) || 'x' : rng.pick(['{first_name} <b>{username}</b> & {id}', '{file_name} <a href="x">{file_size}</a> {original_caption} {bot_username}', '{file_name} {nope}', 'https://t.me/+inviteHash', '-1001', '@nochannel', '0', '1d', '99999999d', '30 100', '1 1', String(rng.int(-1e12, 1e12))]));
          learnButtons(who.id);
          await h.sandbox.sendText(anyone(rng).id, bot, '/start');
        }],
        formattedText: [6, async (rng) => {
          // A manager answers a formatted-text prompt with random entities (overlapping, out of range, negative, odd types and links), maybe saves it; a user sees it.
          const who = manager(rng);
          const text = hostileText(rng, 500) || 'x';
          const types = ['bold', 'italic', 'underline', 'strikethrough', 'spoiler', 'code', 'pre', 'text_link', 'blockquote', 'expandable_blockquote', 'custom_emoji', 'url', 'mention', 'evil"><b>', ''];
          const entities = Array.from({ length: rng.int(0, 8) }, () => ({
            type: rng.pick(types), offset: rng.int(-3, text.length + 3), length: rng.int(-2, text.length + 3),
            url: rng.pick(['https://example.com/?a=1&b="2"', 'javascript:alert(1)', hostileText(rng, 40)]), language: rng.pick(['js', '"><script>', undefined]), custom_emoji_id: rng.pick(['123', 'x"y']),
          }));
          const html = entitiesToHtml(text, entities);
          if (parseHtml(html).text !== text) injected.push(text);
          const target = lastBotMessage(who.id);
          if (target) await h.sandbox.pressButton(who.id, bot, target.messageId, rng.pick(['st:welcomeEdit', 'st:fsText', 'st:vfText']), { force: true });
          h.sandbox.injectUpdate(bot, { message: { message_id: rng.int(1, 1e6), date: Math.floor(Date.now() / 1000), chat: { id: who.id, type: 'private', first_name: who.first_name }, from: { id: who.id, is_bot: false, first_name: who.first_name }, text, entities } });
          if (rng.chance(0.5)) {
            const preview = lastBotMessage(who.id);
            if (preview) await h.sandbox.pressButton(who.id, bot, preview.messageId, rng.pick(['st:draftSave', 'st:draftCancel']), { force: true });
          }
          await h.sandbox.sendText(anyone(rng).id, bot, '/start');
        }],
        joinRequest: [3, async (rng) => {
          // Join requests to channels in and out of the gate, real and forged; discovery buttons pressed by anyone.
          const who = anyone(rng);
          h.sandbox.injectUpdate(bot, { chat_join_request: { chat: { id: rng.pick([library.id, -100 - rng.int(0, 1e12), who.id]), type: rng.pick(['channel', 'supergroup', 'private']), title: hostileText(rng, 30) || 't' }, from: { id: who.id, is_bot: false, first_name: who.first_name }, user_chat_id: who.id, date: Math.floor(Date.now() / 1000) } });
          const target = lastBotMessage(who.id);
          if (target) await h.sandbox.pressButton(who.id, bot, target.messageId, rng.pick(['dl:r', 'dl:p', 'dl:x', `dg:${rng.pick(codes)}`, 'st:fsAuto', 'st:discRecent', 'st:discPopular', 'st:discRandom']), { force: true });
        }],
        premium: [5, async (rng) => {
          // /premium and its buttons, and invoices with forged payloads paid at once: none may be charged.
          const who = anyone(rng);
          if (rng.chance(0.5)) {
            await h.sandbox.sendText(who.id, bot, '/premium');
            return learnButtons(who.id);
          }
          const payload = rng.chance(0.5) ? hostileText(rng, 100) || 'x' : `pm1:${rng.int(1, 2 ** 31)}:${rng.int(1, 3650)}:1:${who.id}:${hostileText(rng, 22) || 'x'}`;
          const invoice = await h.clone!.runtime.telegram
            .sendInvoice(who.id, { title: 'Premium', description: 'fuzz', payload, provider_token: '', currency: 'XTR', prices: [{ label: 'p', amount: 1 }] })
            .catch(() => undefined);
          if (!invoice) return;
          const paid = await h.sandbox.payInvoice(who.id, bot, invoice.message_id);
          if (paid.status === 'paid') forgedPaid.push(payload);
        }],
        buyPremium: [3, async (rng) => {
          // Genuine invoices; the owner may change or remove the offer before the user pays, and Telegram may redeliver a payment.
          const who = anyone(rng);
          const settings = await h.clone!.runtime.settings.get();
          const offer = settings.premiumOffers[0] ?? { id: rng.int(1, 2 ** 31), days: rng.int(1, 30), stars: rng.int(1, 100) };
          if (settings.premiumOffers.length === 0) await h.clone!.runtime.settings.update({ premiumOffers: [offer] });
          const genuine = new PremiumInvoices(h.botInfo.token).payloadFor(offer, who.id);
          const invoice = await h.clone!.runtime.telegram
            .sendInvoice(who.id, { title: 'Premium', description: 'fuzz', payload: genuine, provider_token: '', currency: 'XTR', prices: [{ label: 'p', amount: offer.stars }] })
            .catch(() => undefined);
          if (!invoice) return;
          const stale = rng.chance(0.4);
          if (stale) await h.clone!.runtime.settings.update({ premiumOffers: rng.chance(0.5) ? [] : [{ ...offer, id: rng.int(1, 2 ** 31) }] });
          const paid = await h.sandbox.payInvoice(who.id, bot, invoice.message_id);
          if (paid.status !== 'paid') return;
          if (stale) stalePaid.push(genuine);
          paidCharges.add(paid.telegram_payment_charge_id!);
          if (rng.chance(0.5)) h.sandbox.redeliverSuccessfulPayment(paid.telegram_payment_charge_id!);
        }],
        verifyToken: [4, async (rng) => {
          // Verification links of every shape: junk, right length, and real-looking base64url.
          const token = rng.chance(0.5) ? hostileText(rng, 60) : Buffer.from(Array.from({ length: 33 }, () => rng.int(0, 255))).toString('base64url');
          await h.sandbox.sendText(anyone(rng).id, bot, `/start verify-${token}`);
        }],
        album: [4, async (rng) => {
          // Albums of any size and kind mix (some Telegram would never group), from managers and users, sometimes as the owner saves a caption template or a file button.
          const who = rng.chance(0.7) ? manager(rng) : anyone(rng);
          const mediaGroupId = String(rng.int(1, 1e12));
          for (let i = rng.int(1, 11); i > 0; i--) {
            const kind = rng.pick(['photo', 'video', 'document', 'audio', 'voice', 'animation'] as const);
            await h.sandbox.sendFile(who.id, bot, { kind, fileName: hostileText(rng, 100) || 'a', content: Buffer.from(`album ${rng.int(0, 40)}`), mediaGroupId, ...(rng.chance(0.3) ? { caption: hostileText(rng, 1024) || 'c' } : {}) });
          }
          if (rng.chance(0.3)) await h.sandbox.sendText(h.owner.id, bot, '/settings');
          const target = lastBotMessage(h.owner.id);
          if (target && rng.chance(0.3)) await h.sandbox.pressButton(h.owner.id, bot, target.messageId, rng.pick(['st:cap', 'st:capSave', 'st:capDrop', 'st:capKeep', 'st:capOff', 'st:btnShare', 'st:btnOff']), { force: true });
        }],
        postRange: [5, async (rng) => {
          // /index and range /batch with post links of every shape: this channel's, another's, private forms, junk, huge and reversed ranges.
          const post = (): string => rng.pick([
            () => h.sandbox.postLink(library.id, rng.int(1, 30), { private: rng.chance(0.5) }),
            () => `https://t.me/fuzz_library/${rng.int(-5, 3_000_000_000)}`,
            () => `https://t.me/c/${rng.int(0, 1e13)}/${rng.int(1, 100)}`,
            () => `https://t.me/other_channel/${rng.int(1, 100)}`,
            () => `t.me/fuzz_library/${rng.int(1, 200_000)}?single`,
            () => hostileText(rng, 80) || 'x',
          ])();
          await h.sandbox.sendText(rng.chance(0.8) ? manager(rng).id : anyone(rng).id, bot, `${rng.pick(['/index', '/batch'])} ${post()} ${rng.chance(0.9) ? post() : ''}`);
          if (rng.chance(0.3)) await h.sandbox.sendText(manager(rng).id, bot, '/cancel');
        }],
        channelPost: [3, async (rng) => {
          await h.sandbox.postToChannel(h.owner.id, library.id, rng.chance(0.3)
            ? { text: hostileText(rng) || 'x' }
            : { file: { kind: rng.pick(['document', 'photo', 'video'] as const), fileName: hostileText(rng, 200) || 'x', content: Buffer.from(`post ${rng.int(0, 20)}`), ...(rng.chance(0.5) ? { caption: hostileText(rng, 1024) || 'c' } : {}) } });
        }],
        language: [4, async (rng) => {
          // Users switch their Telegram language (some without a catalog) and press /language buttons; owners write a welcome per language.
          const who = anyone(rng);
          h.sandbox.setUserLanguage(who.id, rng.pick(['es', 'hi', 'de', 'es-419', 'pt-br', null]));
          await h.sandbox.sendText(who.id, bot, rng.chance(0.7) ? '/language' : '/help');
          learnButtons(who.id);
          if (rng.chance(0.3)) {
            const owner = manager(rng);
            await h.sandbox.sendText(owner.id, bot, '/settings');
            const target = lastBotMessage(owner.id);
            if (target) await h.sandbox.pressButton(owner.id, bot, target.messageId, rng.pick(['st:wlEs', 'st:wlHi', 'st:wlEn', 'st:wlRm:1', 'st:wlRm:9']), { force: true });
            await h.sandbox.sendText(owner.id, bot, hostileText(rng, 3100) || 'x');
          }
        }],
        search: [5, async (rng) => {
          const who = anyone(rng);
          await h.sandbox.sendText(who.id, bot, `/search ${rng.chance(0.5) ? rng.pick(['fuzz', 'bold', 'amp', 'a']) : hostileText(rng, 100)}`);
          learnButtons(who.id);
        }],
      },
    });

    await drained(h.sandbox, bot);
    // Still alive: a newcomer's /start is answered.
    const newcomer = h.user('After the storm');
    const welcome = await h.say(newcomer.id, '/start', /./, 30_000);
    expect(textOf(welcome).length).toBeGreaterThan(0);

    const report = {
      seed: SEED,
      steps: STEPS,
      byAction: result.byAction,
      refusedBySandbox: result.refusedBySandbox,
      updatesHandled: h.counters.updates,
      handlerErrors,
      forgedUpdateErrors,
      telegramErrors: Object.fromEntries(errors.byDescription),
      parseErrors: errors.parseErrors.slice(0, 5),
      unhandled: unhandled.errors.map(String).slice(0, 5),
    };
    mkdirSync(join(__dirname, '../../../test-artifacts'), { recursive: true });
    writeFileSync(join(__dirname, `../../../test-artifacts/fuzz-clone${LONG ? '-long' : ''}.json`), JSON.stringify(report, null, 2));
    expect(errors.parseErrors).toEqual([]);
    expect(unhandled.errors).toEqual([]);
    // The detector itself can fail: a reply with broken HTML is seen as a parse error.
    await h.clone!.runtime.telegram.sendMessage(newcomer.id, '<b>broken', { parse_mode: 'HTML' }).catch(() => undefined);
    expect(errors.parseErrors).toHaveLength(1);
    expect(handlerErrors).toEqual([]);
    expect(forgedPaid).toEqual([]);
    expect(stalePaid).toEqual([]);
    // One payment record per charge, however often Telegram redelivered it.
    await h.until('payments recorded', async () => (await h.models.StarPayment.countDocuments({})) === paidCharges.size);
    expect(injected).toEqual([]);
    expect(h.counters.errors).toBe(forgedUpdateErrors);
  }, LONG ? 900_000 : 120_000);
});
