import type { Context } from 'telegraf';
import { answerCallback, button, callbackData, inlineKeyboard, showScreen } from '../index';

/** A context that records what the screen code asks Telegram for; `editError` makes edits fail. */
function fakeContext(opts: { pressed?: boolean; editError?: Error; answerError?: Error } = {}) {
  const calls: Array<{ method: string; text?: string; extra?: Record<string, unknown> }> = [];
  const ctx = {
    callbackQuery: opts.pressed ? { id: '1', data: 'st:main', message: { message_id: 7 } } : undefined,
    editMessageText: async (text: string, extra: Record<string, unknown>) => {
      calls.push({ method: 'edit', text, extra });
      if (opts.editError) throw opts.editError;
      return true;
    },
    reply: async (text: string, extra: Record<string, unknown>) => {
      calls.push({ method: 'reply', text, extra });
      return {};
    },
    answerCbQuery: async (text?: string, extra?: Record<string, unknown>) => {
      calls.push({ method: 'answer', ...(text === undefined ? {} : { text }), ...(extra ? { extra } : {}) });
      if (opts.answerError) throw opts.answerError;
      return true;
    },
  };
  return { ctx: ctx as unknown as Context, calls };
}

const screen = { text: '<b>Menu</b>', keyboard: inlineKeyboard([[button('A', 'a')], [], [button('B', 'b')]]) };

describe('screens', () => {
  it('builds keyboards on Markup and drops empty rows', () => {
    expect(screen.keyboard.inline_keyboard.map((row) => row.map((b) => ('callback_data' in b ? b.callback_data : '')))).toEqual([['a'], ['b']]);
  });

  it('replies to a command and edits the message of a pressed button', async () => {
    const command = fakeContext();
    await showScreen(command.ctx, screen);
    expect(command.calls).toEqual([{ method: 'reply', text: '<b>Menu</b>', extra: { parse_mode: 'HTML', reply_markup: screen.keyboard } }]);

    const press = fakeContext({ pressed: true });
    await showScreen(press.ctx, screen, { linkPreviews: false });
    expect(press.calls).toEqual([
      { method: 'edit', text: '<b>Menu</b>', extra: { parse_mode: 'HTML', reply_markup: screen.keyboard, link_preview_options: { is_disabled: true } } },
    ]);
  });

  it('ignores an edit that changes nothing, and sends anew when an edit fails otherwise', async () => {
    const same = fakeContext({ pressed: true, editError: new Error('400: Bad Request: message is not modified: specified new message content…') });
    await showScreen(same.ctx, screen);
    expect(same.calls.map((c) => c.method)).toEqual(['edit']);
    const telegrafShaped = Object.assign(new Error('400'), { response: { ok: false, error_code: 400, description: 'Bad Request: message is not modified' } });
    const sameAgain = fakeContext({ pressed: true, editError: telegrafShaped });
    await showScreen(sameAgain.ctx, screen);
    expect(sameAgain.calls.map((c) => c.method)).toEqual(['edit']);

    const gone = fakeContext({ pressed: true, editError: new Error('400: Bad Request: message to edit not found') });
    await showScreen(gone.ctx, screen);
    expect(gone.calls.map((c) => c.method)).toEqual(['edit', 'reply']);
  });

  it('reads the pressed data and answers without ever throwing', async () => {
    const press = fakeContext({ pressed: true, answerError: new Error('400: Bad Request: query is too old') });
    expect(callbackData(press.ctx)).toBe('st:main');
    expect(callbackData(fakeContext().ctx)).toBe('');
    await expect(answerCallback(press.ctx, 'Saved.', true)).resolves.toBeUndefined();
    expect(press.calls).toEqual([{ method: 'answer', text: 'Saved.', extra: { show_alert: true } }]);
  });
});
