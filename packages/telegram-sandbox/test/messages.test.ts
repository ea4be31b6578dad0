import { Markup } from 'telegraf';
import { startHarness, type Harness } from './helpers';

let h: Harness;
let bot: { id: number; token: string };
let ann: { id: number };
beforeEach(async () => {
  h = await startHarness();
  bot = h.sb.createBot({ username: 'chat_bot' });
  ann = h.sb.createUser({ firstName: 'Ann' });
  await h.sb.sendText(ann.id, bot.id, '/start');
});
afterEach(async () => { await h.close(); });

const tg = () => h.telegraf(bot.token).telegram;

describe('sendMessage', () => {
  test('formats HTML, MarkdownV2 and Markdown into entities', async () => {
    const html = await tg().sendMessage(ann.id, '<b>bold</b> &amp; <a href="https://x.org">link</a>', { parse_mode: 'HTML' });
    expect(html.text).toBe('bold & link');
    expect(html.entities).toEqual([{ type: 'bold', offset: 0, length: 4 }, { type: 'text_link', offset: 7, length: 4, url: 'https://x.org' }]);
    const v2 = await tg().sendMessage(ann.id, '*bold* _it_ `code` 1\\.5', { parse_mode: 'MarkdownV2' });
    expect(v2.text).toBe('bold it code 1.5');
    expect(v2.entities?.map((e) => e.type)).toEqual(['bold', 'italic', 'code']);
    const md = await tg().sendMessage(ann.id, '*old* style', { parse_mode: 'Markdown' });
    expect(md.entities).toEqual([{ type: 'bold', offset: 0, length: 3 }]);
  });

  test.each([
    ['HTML', '<b>open', `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`],
    ['HTML', '<blink>x</blink>', `Bad Request: can't parse entities: Unsupported start tag "blink" at byte offset 0`],
    ['MarkdownV2', 'price 1.5', `Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\\'`],
    ['MarkdownV2', '*never closed', `Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0`],
    ['Markdown', 'a _b', `Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 2`],
  ])('%s %j is refused with 400', async (mode, text, description) => {
    await expect(tg().sendMessage(ann.id, text, { parse_mode: mode as 'HTML' })).rejects.toMatchObject({ code: 400, description });
  });

  test('length, emptiness and chat errors use Telegram wording', async () => {
    await expect(tg().sendMessage(ann.id, 'x'.repeat(4097))).rejects.toMatchObject({ code: 400, description: 'Bad Request: message is too long' });
    expect((await tg().sendMessage(ann.id, 'x'.repeat(4096))).text).toHaveLength(4096);
    await expect(tg().sendMessage(ann.id, '')).rejects.toMatchObject({ code: 400, description: 'Bad Request: message text is empty' });
    await expect(tg().sendMessage(424242, 'hi')).rejects.toMatchObject({ code: 400, description: 'Bad Request: chat not found' });
    const bob = h.sb.createUser({ firstName: 'Bob' });
    await expect(tg().sendMessage(bob.id, 'hi')).rejects.toMatchObject({ code: 403, description: "Forbidden: bot can't initiate conversation with a user" });
    h.sb.blockBot(ann.id, bot.id);
    await expect(tg().sendMessage(ann.id, 'hi')).rejects.toMatchObject({ code: 403, description: 'Forbidden: bot was blocked by the user' });
    h.sb.unblockBot(ann.id, bot.id);
    expect((await tg().sendMessage(ann.id, 'back')).text).toBe('back');
    const kinds = (await h.api(bot.token, 'getUpdates')).body.result.map((u: any) => u.my_chat_member?.new_chat_member.status ?? 'message');
    expect(kinds).toEqual(['message', 'kicked', 'member']);
  });

  test('keyboards: inline echoed, reply keyboard kept for the user, callback_data over 64 bytes refused', async () => {
    const inline = await tg().sendMessage(ann.id, 'pick', Markup.inlineKeyboard([Markup.button.callback('A', 'a')]));
    expect(inline.reply_markup).toEqual({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] });
    const reply = await tg().sendMessage(ann.id, 'menu', Markup.keyboard([['Help'], [{ text: 'New bot', request_managed_bot: { request_id: 1 } } as any]]).resize());
    expect(reply.reply_markup).toBeUndefined();
    expect(h.sb.replyKeyboard(ann.id, bot.id)).toMatchObject({ keyboard: [[{ text: 'Help' }], [{ text: 'New bot' }]] });
    await tg().sendMessage(ann.id, 'gone', Markup.removeKeyboard());
    expect(h.sb.replyKeyboard(ann.id, bot.id)).toBeUndefined();
    await expect(tg().sendMessage(ann.id, 'x', Markup.inlineKeyboard([Markup.button.callback('B', 'b'.repeat(65))]))).rejects.toMatchObject({ code: 400, description: 'Bad Request: BUTTON_DATA_INVALID' });
  });

  test('protect_content, replies and link_preview_options are stored on the message', async () => {
    const first = await h.sb.sendText(ann.id, bot.id, 'question');
    const m = await tg().sendMessage(ann.id, 'see https://example.org', {
      protect_content: true, reply_parameters: { message_id: first.message_id }, link_preview_options: { is_disabled: true },
    });
    expect(m).toMatchObject({ has_protected_content: true, reply_to_message: { message_id: first.message_id, text: 'question' }, link_preview_options: { is_disabled: true } });
    await expect(tg().sendMessage(ann.id, 'x', { reply_parameters: { message_id: 999 } })).rejects.toMatchObject({ description: 'Bad Request: message to be replied not found' });
    await expect(tg().forwardMessage(ann.id, ann.id, m.message_id)).rejects.toMatchObject({ description: "Bad Request: message has protected content and can't be forwarded" });
  });
});

describe('edits, deletions, copies and the transcript', () => {
  test('edits and deletions are visible in order in the transcript', async () => {
    const m = await tg().sendMessage(ann.id, 'v1', Markup.inlineKeyboard([Markup.button.callback('A', 'a')]));
    const edited = await tg().editMessageText(ann.id, m.message_id, undefined, 'v2');
    expect(edited).toMatchObject({ text: 'v2' });
    expect((edited as any).reply_markup).toBeUndefined();
    await expect(tg().editMessageText(ann.id, m.message_id, undefined, 'v2')).rejects.toMatchObject({ description: expect.stringContaining('Bad Request: message is not modified') });
    await tg().editMessageReplyMarkup(ann.id, m.message_id, undefined, { inline_keyboard: [[{ text: 'B', callback_data: 'b' }]] });
    await tg().deleteMessage(ann.id, m.message_id);
    await expect(tg().deleteMessage(ann.id, m.message_id)).rejects.toMatchObject({ description: 'Bad Request: message to delete not found' });
    await expect(tg().editMessageText(ann.id, 1, undefined, 'hack')).rejects.toMatchObject({ description: "Bad Request: message can't be edited" });
    const t = h.sb.transcript(ann.id, bot.id);
    expect(t.map((e) => [e.direction, e.summary, e.edited, e.deleted])).toEqual([
      ['user', '/start', false, false],
      ['bot', 'v2', true, true],
    ]);
    expect(t[1]!.history.map((x) => x.text)).toEqual(['v1', 'v2']);
  });

  test('copyMessage and forwardMessage repost content', async () => {
    const src = await h.sb.sendText(ann.id, bot.id, 'original');
    const copy = await tg().copyMessage(ann.id, ann.id, src.message_id);
    const fwd = await tg().forwardMessage(ann.id, ann.id, src.message_id);
    expect(fwd).toMatchObject({ text: 'original', forward_origin: { type: 'user', sender_user: { id: ann.id } } });
    const copied = h.sb.transcript(ann.id, bot.id).find((e) => e.messageId === copy.message_id)!;
    expect(copied).toMatchObject({ direction: 'bot', summary: 'original' });
    expect(copied.message.forward_origin).toBeUndefined();
  });

  test('a pressed button waits for answerCallbackQuery; unknown query ids are refused', async () => {
    const bot2 = h.telegraf(bot.token);
    bot2.action('go', (ctx) => ctx.answerCbQuery('done!', { show_alert: true }));
    await h.launch(bot2);
    const m = await bot2.telegram.sendMessage(ann.id, 'press', Markup.inlineKeyboard([Markup.button.callback('Go', 'go')]));
    const press = await h.sb.pressButton(ann.id, bot.id, m.message_id, 'go');
    expect(await press.answer).toEqual({ text: 'done!', show_alert: true });
    await expect(h.sb.pressButton(ann.id, bot.id, m.message_id, 'nope')).rejects.toThrow(/no button with callback_data "nope"/);
    await expect(bot2.telegram.answerCbQuery('123')).rejects.toMatchObject({ description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' });
  });

  test('sendChatAction, setMyCommands and getMyCommands', async () => {
    expect(await tg().sendChatAction(ann.id, 'typing')).toBe(true);
    await expect(tg().sendChatAction(ann.id, 'dancing' as any)).rejects.toMatchObject({ code: 400 });
    await tg().setMyCommands([{ command: 'start', description: 'Start' }]);
    await tg().setMyCommands([{ command: 'hilfe', description: 'Hilfe' }], { language_code: 'de' });
    expect(await tg().getMyCommands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(await tg().getMyCommands({ language_code: 'de' })).toEqual([{ command: 'hilfe', description: 'Hilfe' }]);
    await expect(tg().setMyCommands([{ command: 'Bad Command', description: 'x' }])).rejects.toMatchObject({ code: 400 });
  });
});
