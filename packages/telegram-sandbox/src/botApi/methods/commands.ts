/** setMyCommands/getMyCommands/deleteMyCommands (per scope and language) and the bot's profile texts. */
import type { MethodContext, MethodHandler } from '../context';
import { badRequest } from '../errors';

function scopeKey(ctx: MethodContext): string {
  const scope = ctx.params.json<Record<string, unknown>>('scope', 'bot command scope') ?? { type: 'default' };
  if (typeof scope !== 'object' || typeof scope.type !== 'string') throw badRequest("can't parse BotCommandScope JSON object");
  const lang = ctx.params.str('language_code') ?? '';
  if (lang && !/^[a-z]{2}$/.test(lang)) throw badRequest('invalid language code specified');
  // Keyed by the scope's fields in one order, so `{chat_id, type}` and `{type, chat_id}` (and a chat id sent as text) name one scope, as in Telegram.
  const canonical = { type: scope.type, ...(scope.chat_id !== undefined ? { chat_id: String(scope.chat_id) } : {}), ...(scope.user_id !== undefined ? { user_id: String(scope.user_id) } : {}) };
  return `${JSON.stringify(canonical)}|${lang}`;
}

const setMyCommands: MethodHandler = (ctx) => {
  const commands = ctx.params.json<unknown>('commands', 'bot commands');
  if (!Array.isArray(commands) || commands.length > 100) throw badRequest("can't parse commands JSON object");
  for (const c of commands as Array<{ command?: unknown; description?: unknown }>) {
    if (typeof c?.command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) throw badRequest('command description must be non-empty');
  }
  const key = scopeKey(ctx);
  if (commands.length === 0) ctx.bot.commands.delete(key);
  else ctx.bot.commands.set(key, commands.map((c: { command: string; description: string }) => ({ command: c.command, description: c.description })));
  return true;
};

const getMyCommands: MethodHandler = (ctx) => ctx.bot.commands.get(scopeKey(ctx)) ?? [];

const deleteMyCommands: MethodHandler = (ctx) => {
  ctx.bot.commands.delete(scopeKey(ctx));
  return true;
};

/** setMyName/Description/ShortDescription and their getters, stored per language. */
function profileText(field: string, max: number): Record<string, MethodHandler> {
  const key = (ctx: MethodContext): string => `profile:${field}|${ctx.params.str('language_code') ?? ''}`;
  const cap = field[0]!.toUpperCase() + field.slice(1).replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  return {
    [`setMy${cap}`]: (ctx) => {
      const value = ctx.params.str(field) ?? '';
      if (value.length > max) throw badRequest(`${field} is too long`);
      ctx.bot.commands.set(key(ctx), [value]);
      if (field === 'name' && value && !ctx.params.str('language_code')) ctx.bot.user.first_name = value;
      return true;
    },
    [`getMy${cap}`]: (ctx) => ({ [field]: (ctx.bot.commands.get(key(ctx))?.[0] as string | undefined) ?? (field === 'name' ? ctx.bot.user.first_name : '') }),
  };
}

export const commandMethods: Record<string, MethodHandler> = {
  setMyCommands, getMyCommands, deleteMyCommands,
  ...profileText('name', 64), ...profileText('description', 512), ...profileText('short_description', 120),
};
