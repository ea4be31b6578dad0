import { userKey, userLanguageModel, UserLanguages, type UserModel } from '@motherbot/core';
import type { Connection } from 'mongoose';
import { motherTexts, type MotherTranslate } from './texts';

/**
 * The mother's languages outside an update: the /language choices (held in memory, read once at
 * start) and, for a message the mother sends on its own (a reminder, a clone that went live, an
 * alert to an admin), the recipient's locale: their choice, else the `language_code` Telegram
 * last sent with them (kept on their user document), else English. That costs one point read
 * by `_id` per message sent this way; an update never reads anything (the locale middleware
 * uses the choices in memory and the update's own `language_code`).
 */
export class MotherLocales {
  readonly choices: UserLanguages;

  constructor(
    private readonly connection: Connection,
    private readonly users: UserModel,
  ) {
    this.choices = new UserLanguages(userLanguageModel(connection));
  }

  /** Reads every stored choice; once at start. */
  load(): Promise<void> {
    return this.choices.load();
  }

  /** Reads the choices again (a standby mother that becomes the leader: another host stored them meanwhile). */
  reload(): Promise<void> {
    return this.choices.reload();
  }

  /** The locale to write to `userId` in when there is no update to take it from. */
  async of(userId: number): Promise<string> {
    const chosen = this.choices.get(userId);
    if (chosen && motherTexts.has(chosen)) return chosen;
    // With the database down (its own outage alert, say), a read would wait in Mongoose's buffer: English at once instead.
    if (this.connection.readyState !== 1) return motherTexts.resolve(undefined);
    const user = await this.users
      .findById(userKey(userId), { languageCode: 1 })
      .lean<{ languageCode?: string | null }>()
      .catch(() => null);
    return motherTexts.resolve(user?.languageCode);
  }

  /** The texts in `userId`'s locale (see `of`). */
  async textsFor(userId: number): Promise<MotherTranslate> {
    return motherTexts.forLocale(await this.of(userId));
  }
}
