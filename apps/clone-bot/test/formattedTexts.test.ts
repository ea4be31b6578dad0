import type { TgMessage } from '@motherbot/telegram-sandbox';
import { sealShortenerKey } from '../src/bot/services/shortenerSettings';
import { CloneHarness, textOf } from './cloneHarness';
import { FakeShortener } from './fakeShortener';

type Entity = { type: string; offset: number; length: number; url?: string };
const entitiesOf = (m: TgMessage): Entity[] => ((m as { entities?: Entity[]; caption_entities?: Entity[] }).entities ?? (m as { caption_entities?: Entity[] }).caption_entities ?? []) as Entity[];
const slice = (m: TgMessage, e: Entity | undefined): string => (e ? textOf(m).slice(e.offset, e.offset + e.length) : '');

/** The owner's formatted texts: welcome (with photo), force-subscribe and verification messages, previewed before saving. */
describe('clone bot: formatted owner texts', () => {
  const fake = new FakeShortener(3_000);
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 10_000 });
  const rt = () => h.clone!.runtime;

  /** The owner sends `text` with `entities` as the value a settings button asked for; resolves with the preview (Save/Cancel). */
  const sendFormatted = async (text: string, entities: Entity[], expect: RegExp = /./): Promise<TgMessage> => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, text, { entities });
    return h.next(h.owner.id, (m) => CloneHarness.buttons(m).some((b) => /Save/.test(b.text)) && expect.test(textOf(m)), after);
  };

  beforeAll(async () => {
    await fake.start();
    await h.start();
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await fake.stop();
  }, 60_000);

  it('welcome: bold, link, spoiler and an emoji before an entity come out as the owner wrote them, after a preview and Save', async () => {
    await h.settings(h.owner.id, /Welcome/, /Edit text/);
    const text = '😀 Hi {first_name}! Read the rules, secret inside.';
    const entities: Entity[] = [
      { type: 'bold', offset: text.indexOf('Hi'), length: 'Hi {first_name}!'.length },
      { type: 'text_link', offset: text.indexOf('rules'), length: 5, url: 'https://example.com/rules' },
      { type: 'spoiler', offset: text.indexOf('secret'), length: 6 },
    ];
    const preview = await sendFormatted(text, entities, /Hi Olga!/);
    expect(entitiesOf(preview).map((e) => e.type).sort()).toEqual(['bold', 'spoiler', 'text_link']);
    // Not saved until the owner says so.
    expect((await rt().settings.get()).welcomeHtml).toBeNull();
    expect((await h.press(h.owner.id, preview, /Save/))?.text).toMatch(/Saved/);
    expect((await rt().settings.get()).welcomeHtml).toContain('<b>Hi {first_name}!</b>');

    const ann = h.user('Ann');
    const welcome = await h.say(ann.id, '/start', /Hi Ann!/);
    expect(textOf(welcome)).toBe('😀 Hi Ann! Read the rules, secret inside.');
    const es = entitiesOf(welcome);
    expect(slice(welcome, es.find((e) => e.type === 'bold'))).toBe('Hi Ann!');
    const link = es.find((e) => e.type === 'text_link');
    expect(slice(welcome, link)).toBe('rules');
    expect(link?.url).toBe('https://example.com/rules');
    expect(slice(welcome, es.find((e) => e.type === 'spoiler'))).toBe('secret');
  });

  it('injection attempts are shown literally: the owner\'s <b> and &, a user named <i>…', async () => {
    await h.settings(h.owner.id, /Welcome/, /Edit text/);
    const text = '<b>bold?</b> &amp; <a href="x">{first_name}</a>';
    const preview = await sendFormatted(text, []);
    await h.press(h.owner.id, preview, /Save/);
    const eve = h.user('<i>Eve&"', { username: 'eve_x' });
    const welcome = await h.say(eve.id, '/start', /bold\?/);
    expect(textOf(welcome)).toBe('<b>bold?</b> &amp; <a href="x"><i>Eve&"</a>');
    expect(entitiesOf(welcome).filter((e) => !['url', 'mention'].includes(e.type))).toEqual([]);
  });

  it('over Telegram\'s limit is refused, counting every placeholder at its longest; nothing changes', async () => {
    const before = (await rt().settings.get()).welcomeHtml;
    await h.settings(h.owner.id, /Welcome/, /Edit text/);
    await h.say(h.owner.id, 'x'.repeat(4097), /limit is 4096/);
    await h.say(h.owner.id, `${'x'.repeat(3900)} {full_name} {full_name}`, /limit is 4096/);
    await h.say(h.owner.id, '/cancel', /./);
    expect((await rt().settings.get()).welcomeHtml).toBe(before);
    // A welcome at the limit still leaves the settings screen room to show (its start).
    const longest = `<b>${'y'.repeat(4000)}</b>`;
    await rt().settings.update({ welcomeHtml: longest });
    const screen = await h.settings(h.owner.id, /Welcome/);
    expect(textOf(screen)).toMatch(/y{3500}…/);
    await rt().settings.update({ welcomeHtml: before });
  });

  it('Cancel keeps the current text', async () => {
    const before = (await rt().settings.get()).welcomeHtml;
    await h.settings(h.owner.id, /Welcome/, /Edit text/);
    const preview = await sendFormatted('Never saved', [{ type: 'italic', offset: 0, length: 5 }]);
    expect((await h.press(h.owner.id, preview, /Cancel/))?.text).toMatch(/Not saved/);
    expect((await rt().settings.get()).welcomeHtml).toBe(before);
    expect((await rt().settings.get()).formattedDraft).toBeNull();
    // A stale Save after the cancel saves nothing.
    expect((await h.press(h.owner.id, preview, /Save/))?.text).toMatch(/Nothing waits to be saved/);
  });

  it('welcome photo: the welcome comes as its caption; over 1024 characters, the photo then the text', async () => {
    await h.clone!.runtime.settings.update({ welcomeHtml: '<b>Welcome</b>, {first_name}' });
    await h.settings(h.owner.id, /Welcome/, /Set photo/);
    await h.say(h.owner.id, 'not a photo', /not a photo/);
    const after = h.sandbox.cursor();
    await h.sandbox.sendFile(h.owner.id, h.bot, { kind: 'photo', fileName: 'banner.jpg', content: Buffer.from('banner bytes') });
    await h.next(h.owner.id, /comes with this photo/, after);
    expect((await rt().settings.get()).welcomePhotoFileId).toBeTruthy();

    const bo = h.user('Bo');
    const photo = await h.say(bo.id, '/start', /Welcome, Bo/);
    expect((photo as { photo?: unknown }).photo).toBeDefined();
    expect(slice(photo, entitiesOf(photo).find((e) => e.type === 'bold'))).toBe('Welcome');

    await rt().settings.update({ welcomeHtml: `<i>${'long '.repeat(250)}</i>` });
    const cy = h.user('Cy');
    const start = h.sandbox.cursor();
    await h.sandbox.sendText(cy.id, h.bot, '/start');
    const text = await h.next(cy.id, /long long/, start);
    const sent = h.sandbox.transcript(cy.id, h.bot).filter((e) => e.seq > start && e.direction === 'bot').map((e) => e.message);
    expect(sent).toHaveLength(2);
    expect((sent[0] as { photo?: unknown; caption?: string }).photo).toBeDefined();
    expect((sent[0] as { caption?: string }).caption).toBeUndefined();
    expect(entitiesOf(text)[0]).toMatchObject({ type: 'italic', offset: 0 });
    await rt().settings.update({ welcomePhotoFileId: null });
  });

  it('force-subscribe message: the owner\'s formatted text above the join buttons', async () => {
    const code = CloneHarness.codeOf(await h.upload(h.owner.id, 'gated.pdf'));
    const news = h.sandbox.createChannel({ title: 'News', username: 'fmt_news' });
    h.sandbox.setChatMember(news.id, h.bot, 'administrator');
    await rt().settings.update({ forceSubChannels: [{ chatId: news.id, title: 'News', joinUrl: 'https://t.me/fmt_news' }] });
    await h.settings(h.owner.id, /Force-subscribe/, /✏️ Message/);
    const text = 'Join us first, {first_name} <3';
    const preview = await sendFormatted(text, [{ type: 'underline', offset: 0, length: 13 }]);
    await h.press(h.owner.id, preview, /Save/);
    const dee = h.user('Dee');
    const gate = await h.say(dee.id, `/start ${code}`, /Join us first/);
    expect(textOf(gate)).toBe('Join us first, Dee <3');
    expect(entitiesOf(gate)[0]).toMatchObject({ type: 'underline', offset: 0, length: 13 });
    expect(CloneHarness.buttons(gate)[0]).toMatchObject({ url: 'https://t.me/fmt_news' });
    await rt().settings.update({ forceSubChannels: [] });
  });

  it('verification message: the owner\'s formatted text with the Verify button', async () => {
    const code = CloneHarness.codeOf(await h.upload(h.owner.id, 'verified.pdf'));
    await rt().settings.update({
      verifyEnabled: true,
      shortenerApiUrl: `${fake.base}/good`,
      shortenerKey: sealShortenerKey(h.cloneKey, 'test', 'good-key'),
      shortenerKeyHint: '…-key',
    });
    await h.settings(h.owner.id, /Verification/, /Verify message/);
    const preview = await sendFormatted('Pass the link once, then enjoy!', [{ type: 'bold', offset: 0, length: 13 }]);
    await h.press(h.owner.id, preview, /Save/);
    const eli = h.user('Eli');
    const ask = await h.say(eli.id, `/start ${code}`, /Pass the link once/);
    expect(entitiesOf(ask)[0]).toMatchObject({ type: 'bold', offset: 0, length: 13 });
    expect(CloneHarness.buttons(ask).some((b) => /Verify/.test(b.text) && b.url)).toBe(true);
    await rt().settings.update({ verifyEnabled: false });
  });
});
