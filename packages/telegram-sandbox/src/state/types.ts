/**
 * Telegram object shapes as the sandbox produces them. Deliberately loose (only the fields
 * the sandbox fills in): bots under test read them through Telegraf's own typings anyway.
 */

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  can_manage_bots?: boolean;
}

export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

export interface TgChat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
}

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [k: string]: unknown;
}

export interface ReplyMarkup {
  inline_keyboard?: InlineKeyboardButton[][];
  keyboard?: Array<Array<Record<string, unknown>>>;
  remove_keyboard?: true;
  force_reply?: true;
  [k: string]: unknown;
}

export interface TgFileRef {
  file_id: string;
  file_unique_id: string;
  file_size?: number;
  file_name?: string;
  mime_type?: string;
  width?: number;
  height?: number;
  duration?: number;
}

/** A Telegram Message; extra service fields are set by name. */
export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser;
  sender_chat?: TgChat;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  caption_entities?: MessageEntity[];
  reply_markup?: ReplyMarkup;
  edit_date?: number;
  has_protected_content?: true;
  reply_to_message?: TgMessage;
  forward_origin?: Record<string, unknown>;
  document?: TgFileRef;
  photo?: TgFileRef[];
  video?: TgFileRef;
  audio?: TgFileRef;
  voice?: TgFileRef;
  animation?: TgFileRef;
  invoice?: Record<string, unknown>;
  successful_payment?: Record<string, unknown>;
  managed_bot_created?: { bot: TgUser };
  link_preview_options?: Record<string, unknown>;
  [k: string]: unknown;
}

export type FileKind = 'document' | 'photo' | 'video' | 'audio' | 'voice' | 'animation';
export const FILE_KINDS: readonly FileKind[] = ['document', 'photo', 'video', 'audio', 'voice', 'animation'];

/** An update as queued; `update_id` is assigned by the bot's queue. */
export interface TgUpdate {
  update_id: number;
  [k: string]: unknown;
}
