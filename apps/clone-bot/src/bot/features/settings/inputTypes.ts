import type { Context } from 'telegraf';
import type { Message } from 'telegraf/types';
import type { Screen } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../../context';

export type MessageOrigin = NonNullable<Message.CommonMessage['forward_origin']>;

/** The outcome of a typed value: saved (a note, then the screen), or refused with the reason. */
export type InputResult = { done: true; screen?: Screen; note?: string } | { done: false; error: string };

/** What the owner typed (or forwarded) after a settings button asked for a value. */
export interface TypedValue {
  rt: CloneRuntime;
  ctx: Context;
  text: string;
  forwarded: MessageOrigin | undefined;
}
