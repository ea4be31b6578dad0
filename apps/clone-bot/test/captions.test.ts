import type { TgMessage } from '@motherbot/telegram-sandbox';
import { CloneHarness, textOf } from './cloneHarness';

type Delivered = TgMessage & { caption_entities?: Array<{ type: string; offset: number; length: number }>; media_group_id?: string };

/**
 * The owner's caption template (placeholders, keep or drop the original caption, length,
 * unknown placeholders, HTML shown literally) and the button under delivered files, set from
 * the settings menu and seen by a user opening a link.
 */
describe('clone bot: caption template and the button under files', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 1000 });
  let bo: { id: number };

  beforeAll(async () => {
    await h.start();
    bo = h.user('Bo');
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  /** Uploads a document as the owner and opens its link as Bo; resolves with what Bo got. */
  async function deliver(fileName: string, caption?: string, entities?: Array<{ type: string; offset: number; length: number }>): Promise<Delivered> {
    let code: string;
    if (entities) {
      // A caption with formatting, as Telegram delivers the owner's message: the file reaches
      // the bot first from Bo (who may not upload; nothing is stored), then the owner's message.
      const sent = h.sandbox.cursor();
      const up = await h.sandbox.sendFile(bo.id, h.bot, { kind: 'document', fileName, content: Buffer.from(`bytes of ${fileName}`) });
      await h.next(bo.id, /Only the owner/, sent);
      const after = h.sandbox.cursor();
      const ownerChat = { id: h.owner.id, type: 'private', first_name: h.owner.firstName };
      h.sandbox.injectUpdate(h.bot, { message: { ...up, chat: ownerChat, from: h.owner.user, message_id: 900_000 + up.message_id, caption, caption_entities: entities } });
      code = CloneHarness.codeOf(await h.next(h.owner.id, /start=/, after));
    } else {
      code = CloneHarness.codeOf(await h.upload(h.owner.id, fileName, caption ? { caption } : {}));
    }
    const before = h.filesIn(bo.id).length;
    await h.sandbox.sendText(bo.id, h.bot, `/start ${code}`);
    await h.until('file delivered', () => h.filesIn(bo.id).length > before);
    return h.filesIn(bo.id)[before]!.message as Delivered;
  }

  it('sets a template from the settings menu after a preview, and fills every placeholder', async () => {
    const menu = await h.settings(h.owner.id, /Caption & button/);
    expect(textOf(menu)).toContain('No template');
    let after = h.sandbox.cursor();
    await h.press(h.owner.id, menu, /Set template/);
    await h.next(h.owner.id, /caption template/, after);
    after = h.sandbox.cursor();
    await h.sandbox.sendText(h.owner.id, h.bot, '📄 {file_name} · {file_size}\n{original_caption}\nvia {bot_username}');
    const preview = await h.next(h.owner.id, /Preview/, after);
    expect(textOf(preview)).toContain(`holiday-photos.zip · 1.4 MB\nSummer 2025\nvia @${h.botInfo.username}`);
    // Not used before Save.
    expect((await h.clone!.runtime.settings.get()).captionTemplate).toBeNull();
    const screen = await h.next(h.owner.id, /Not saved yet/, after);
    expect(await h.press(h.owner.id, screen, /Save/)).toMatchObject({ text: 'Caption template saved.' });
    expect((await h.clone!.runtime.settings.get()).captionTemplate).toContain('{file_name}');

    const got = await deliver('report.pdf', 'Quarterly numbers');
    const size = Buffer.byteLength('content of report.pdf');
    expect(textOf(got)).toBe(`📄 report.pdf · ${size} B\nQuarterly numbers\nvia @${h.botInfo.username}`);
  });

  it('refuses an unknown placeholder and a template over 1024 characters, keeping the saved one', async () => {
    const saved = (await h.clone!.runtime.settings.get()).captionTemplate;
    const menu = await h.settings(h.owner.id, /Caption & button/);
    const after = h.sandbox.cursor();
    await h.press(h.owner.id, menu, /Set template/);
    await h.next(h.owner.id, /caption template/, after);
    await h.say(h.owner.id, '{file_name} by {author}', /Unknown placeholder\(s\): \{author\}/);
    await h.say(h.owner.id, 'x'.repeat(1100), /1100 characters; a caption holds at most 1024/);
    await h.say(h.owner.id, '/cancel', /ancel/);
    const s = await h.clone!.runtime.settings.get();
    expect([s.captionTemplate, s.captionTemplateDraft]).toEqual([saved, null]);
  });

  it('shows HTML in the template or in a file name literally', async () => {
    await h.clone!.runtime.settings.update({ captionTemplate: '<b>{file_name}</b> & <a href="https://evil.example">co</a>' });
    const got = await deliver('<i>name</i>.txt');
    expect(textOf(got)).toBe('<b><i>name</i>.txt</b> & <a href="https://evil.example">co</a>');
    expect(got.caption_entities ?? []).toEqual([]);
  });

  it('cuts a filled caption to 1024 characters without breaking an entity', async () => {
    await h.clone!.runtime.settings.update({ captionTemplate: '{original_caption}\n— {file_name}' });
    const long = `${'a'.repeat(1000)} https://example.com/page ${'b'.repeat(50)}`;
    const urlAt = long.indexOf('https://');
    const got = await deliver('long.txt', long, [
      { type: 'bold', offset: 0, length: long.length },
      { type: 'url', offset: urlAt, length: 'https://example.com/page'.length },
    ]);
    const caption = textOf(got);
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption.endsWith('…')).toBe(true);
    // The link would have been cut: the caption ends before it, and no entity runs past the text.
    expect(caption).not.toContain('https://');
    for (const e of got.caption_entities ?? []) expect(e.offset + e.length).toBeLessThanOrEqual(caption.length);
    expect(got.caption_entities?.[0]).toMatchObject({ type: 'bold', offset: 0 });
  });

  it('keeps or drops the original caption when there is no template', async () => {
    await h.clone!.runtime.settings.update({ captionTemplate: null });
    expect(textOf(await deliver('kept.txt', 'my own words'))).toBe('my own words');
    const menu = await h.settings(h.owner.id, /Caption & button/);
    await h.press(h.owner.id, menu, /Original caption: kept/);
    await h.until('dropped', async () => !(await h.clone!.runtime.settings.get()).keepOriginalCaption);
    expect(textOf(await deliver('dropped.txt', 'gone words'))).toBe('');
    await h.clone!.runtime.settings.update({ keepOriginalCaption: true });
  });

  it('puts the owner\'s channel or a share button under every delivered file, and under an album', async () => {
    const menu = await h.settings(h.owner.id, /Caption & button/);
    const after = h.sandbox.cursor();
    await h.press(h.owner.id, menu, /Channel link/);
    await h.next(h.owner.id, /link of your channel/, after);
    await h.say(h.owner.id, 'not a link', /not a Telegram link/);
    await h.say(h.owner.id, '@my_files_channel', /Saved: every delivered file/);
    const withChannel = await deliver('chan.txt');
    expect(CloneHarness.buttons(withChannel)).toEqual([{ text: '📢 Our channel', url: 'https://t.me/my_files_channel', data: undefined }]);

    await h.clone!.runtime.settings.update({ fileButton: 'share' });
    const code = CloneHarness.codeOf(await h.upload(h.owner.id, 'shared.txt'));
    const before = h.filesIn(bo.id).length;
    await h.sandbox.sendText(bo.id, h.bot, `/start ${code}`);
    await h.until('shared file', () => h.filesIn(bo.id).length > before);
    const [share] = CloneHarness.buttons(h.filesIn(bo.id)[before]!.message);
    expect(share?.url).toBe(`https://t.me/share/url?url=${encodeURIComponent(`https://t.me/${h.botInfo.username}?start=${code}`)}`);

    // Telegram takes no buttons on an album: one message below it carries the button.
    const up = h.sandbox.cursor();
    await h.sandbox.sendAlbum(h.owner.id, h.bot, [
      { kind: 'photo', fileName: 'b1.jpg', content: Buffer.from('button album 1') },
      { kind: 'photo', fileName: 'b2.jpg', content: Buffer.from('button album 2') },
    ]);
    const albumCode = CloneHarness.codeOf(await h.next(h.owner.id, /Album of 2 files/, up));
    const opened = h.sandbox.cursor();
    await h.sandbox.sendText(bo.id, h.bot, `/start ${albumCode}`);
    const note = await h.next(bo.id, /Share this link/, opened);
    expect(CloneHarness.buttons(note)[0]?.url).toContain('https://t.me/share/url?url=');
    const album = h.sandbox.transcript(bo.id, h.bot).filter((e) => e.seq > opened && (e.message as Delivered).media_group_id);
    expect(album).toHaveLength(2);
    await h.clone!.runtime.settings.update({ fileButton: 'none' });
  });
});
