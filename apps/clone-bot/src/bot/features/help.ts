import { Composer, type Context } from 'telegraf';
import type { CloneRuntime } from '../context';

export const USER_HELP =
  'Open a share link to get its file.\n/premium: become premium (files without verification or limits), when the owner sells it\n/search <words>: find files by name (when the owner turned search on)\n/privacy: what this bot stores about you, and how to delete it';
export const OWNER_HELP = [
  'Owner commands:',
  'Send a file (document, photo, video, audio, voice, animation): get its share link',
  '/batch, send files, /done: one link for several files (/cancel drops it)',
  '/link: reply to a file message to get a link for it',
  '/delete <link or code>: stop a link from working',
  '/settings: welcome text, force-subscribe, protect content, auto-delete, search, storage channel, clone admins',
  '/stats: users, files, deliveries, Stars earned',
  '/premium_grant <user id> <days>, /premium_revoke <user id>, /premium_refund <receipt id>: premium by hand (offers: /settings → Premium)',
  '/broadcast: reply to a message to send it to all users',
  '/search <words>: search your files',
].join('\n');

/** `/help`: what this bot does, with the owner commands for managers. */
export function helpFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  composer.help(async (ctx) => {
    const manager = await rt.isManager(ctx.from.id);
    await ctx.reply(manager ? `${USER_HELP}\n\n${OWNER_HELP}` : USER_HELP);
  });
  return composer;
}
