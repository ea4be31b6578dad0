import { cloneUserKey, DEFAULT_WELCOME_TEXT, withDatabaseRetries, type CloneSettingsDoc, type FormattedTextTarget } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import type { Person } from '../welcomeText';
import { escapeHtmlText } from './entitiesToHtml';

/** Telegram's limits on the text of a message and on a caption (characters after entity parsing). */
export const MESSAGE_TEXT_MAX = 4096;
export const CAPTION_MAX = 1024;

/** The welcome as HTML: the owner's formatted one, else the older plain text, escaped. */
export function welcomeHtmlOf(s: Pick<CloneSettingsDoc, 'welcomeHtml' | 'welcomeText'>): string {
  return s.welcomeHtml ?? escapeHtmlText(s.welcomeText);
}

/** The settings field each formatted text is saved in. */
export const FORMATTED_FIELD: Record<FormattedTextTarget, 'welcomeHtml' | 'forceSubHtml' | 'verifyHtml'> = {
  welcome: 'welcomeHtml',
  forceSub: 'forceSubHtml',
  verify: 'verifyHtml',
};

/** The people who sent the latest updates, per bot: an owner's text sent without the update (a link's gate) can still name them. */
const recentPeople = new WeakMap<CloneRuntime, Map<number, Person>>();
const PEOPLE_KEPT = 1_000;

/** Remembers the sender of an update (a bounded map, oldest dropped first). */
export function rememberPerson(rt: CloneRuntime, from: Person | undefined): void {
  if (!from) return;
  let people = recentPeople.get(rt);
  if (!people) recentPeople.set(rt, (people = new Map()));
  people.delete(from.id);
  people.set(from.id, { id: from.id, first_name: from.first_name, last_name: from.last_name, username: from.username });
  if (people.size > PEOPLE_KEPT) people.delete(people.keys().next().value as number);
}

/**
 * The person an owner's text names, for a message sent without the user's update: the sender
 * of a recent update (memory), else their stored name (one point read), and only when `html`
 * has a placeholder that needs a name.
 */
export async function personFor(rt: CloneRuntime, userId: number, html: string): Promise<Person> {
  if (!/\{(first_name|last_name|full_name|username)\}/.test(html)) return { id: userId, first_name: '' };
  const recent = recentPeople.get(rt)?.get(userId);
  if (recent) return recent;
  const doc = await withDatabaseRetries(() => rt.models.User.findById(cloneUserKey(userId)).lean()).catch(() => null);
  return { id: userId, first_name: doc?.firstName ?? '', username: doc?.username ?? undefined };
}

/** The owner never changed the welcome: each user gets the bot's own, in their language (welcomeFor). */
export function isDefaultWelcome(s: Pick<CloneSettingsDoc, 'welcomeHtml' | 'welcomeText'>): boolean {
  return !s.welcomeHtml && s.welcomeText === DEFAULT_WELCOME_TEXT;
}

/** The welcome as plain text (tags dropped, escapes decoded), for a settings summary line that escapes it again. */
export function welcomePlainOf(s: Pick<CloneSettingsDoc, 'welcomeHtml' | 'welcomeText'>): string {
  if (s.welcomeHtml === null) return s.welcomeText;
  const names: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
  return s.welcomeHtml.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot);/g, (_, n: string) => names[n]!);
}
