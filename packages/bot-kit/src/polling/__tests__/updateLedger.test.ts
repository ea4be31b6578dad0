import type { Update } from 'telegraf/types';
import { UpdateLedger } from '../updateLedger';
import { updateKey } from '../updateKey';

describe('UpdateLedger', () => {
  it('confirms up to the lowest unfinished update, and past the last once all finished', () => {
    const ledger = new UpdateLedger();
    expect(ledger.offset).toBe(0);
    for (const id of [10, 11, 12]) ledger.start(id);
    ledger.finish(12);
    ledger.finish(11);
    expect(ledger.offset).toBe(10); // 10 still runs: Telegram must keep it
    expect(ledger.has(11) && ledger.has(12) && ledger.has(10)).toBe(true);
    expect(ledger.known).toBe(3);
    ledger.finish(10);
    expect(ledger.offset).toBe(13);
    expect(ledger.known).toBe(0);
    expect(ledger.has(12)).toBe(true); // below the offset
    expect(ledger.has(13)).toBe(false);
    expect(ledger.completions).toBe(3);
  });

  it('moves the offset to the lowest update still running and forgets finished ones below it', () => {
    const ledger = new UpdateLedger();
    for (const id of [1, 2, 3, 4]) ledger.start(id);
    ledger.finish(1);
    expect(ledger.offset).toBe(2);
    ledger.finish(3);
    expect(ledger.offset).toBe(2);
    ledger.finish(2);
    expect(ledger.offset).toBe(4);
    expect(ledger.known).toBe(1);
    ledger.finish(2); // twice: ignored
    expect(ledger.completions).toBe(3);
  });

  it('keeps a bounded memory of finished updates above a stuck one', () => {
    const ledger = new UpdateLedger(3);
    for (let id = 1; id <= 6; id += 1) ledger.start(id);
    for (let id = 2; id <= 6; id += 1) ledger.finish(id);
    expect(ledger.known).toBe(4); // 1 running + the 3 newest finished
    expect(ledger.has(6) && ledger.has(4)).toBe(true);
    expect(ledger.has(2)).toBe(false);
  });
});

describe('updateKey', () => {
  const chat = { id: 5, type: 'private' };
  const from = { id: 7, is_bot: false, first_name: 'A' };
  const key = (u: Record<string, unknown>) => updateKey({ update_id: 1, ...u } as unknown as Update);

  it('orders by chat, a button by the chat of its message, else by sender; some updates have no key', () => {
    expect(key({ message: { message_id: 1, date: 0, chat, from, text: 'x' } })).toBe('chat:5');
    expect(key({ callback_query: { id: 'q', from, chat_instance: 'c', message: { message_id: 1, date: 0, chat } } })).toBe('chat:5');
    expect(key({ callback_query: { id: 'q', from, chat_instance: 'c', inline_message_id: 'i' } })).toBe('user:7');
    expect(key({ inline_query: { id: 'q', from, query: '', offset: '' } })).toBe('user:7');
    expect(key({ poll_answer: { poll_id: 'p', user: from, option_ids: [] } })).toBe('user:7');
    expect(key({ poll: { id: 'p', question: '?', options: [] } })).toBeUndefined();
  });
});
