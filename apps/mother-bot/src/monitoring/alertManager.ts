import {
  escapeHtml,
  firingAlertKeys,
  transitionAlert,
  type AlertModel,
  type AlertNotice,
  type AlertObservation,
  type AlertSeverity,
  type AlertText,
  type Logger,
} from '@motherbot/core';
import { alertLine } from './alertTexts';
import type { MotherMetrics } from './metrics';
import { motherTexts, type MotherTranslate } from '../i18n/texts';

/** Sends one HTML message to one chat (the mother's `telegram.sendMessage`, or a test's recorder). */
export type SendAlert = (chatId: number, html: string) => Promise<unknown>;

export interface AlertManagerOptions {
  model: AlertModel;
  adminIds: readonly number[];
  send: SendAlert;
  logger: Logger;
  cooldownMs: number;
  clock: () => Date;
  metrics?: MotherMetrics;
  /** Each admin's texts (their /language choice or Telegram language); English when absent. */
  textsFor?: (chatId: number) => Promise<MotherTranslate>;
}

const english = motherTexts.forLocale('en');

const ICON: Record<AlertSeverity, string> = { critical: '🔴', warning: '🟠', info: '🔵' };

/** What an alert says: the English summary and, when the watcher gave one, its catalog text. */
export interface AlertWords {
  summary: string;
  text?: AlertText | null;
}

/**
 * The admins' message for one notice, in the admin's language: the watcher's catalog text with its
 * figures (the stored English summary for an alert recorded without one).
 */
export function alertText(notice: Exclude<AlertNotice, null>, key: string, severity: AlertSeverity, words: AlertWords, since: Date, t: MotherTranslate = english): string {
  const params = { icon: ICON[severity], severity: t(`alert.${severity}`), key: escapeHtml(key) };
  const head = t(notice === 'recovered' ? 'alert.recovered' : notice === 'reminder' ? 'alert.stillFiring' : 'alert.firing', params);
  const tail = notice === 'firing' ? '' : `\n${t('alert.since', { date: since.toISOString() })}`;
  return `${head}\n${alertLine(words.summary, words.text, t)}${tail}`;
}

/**
 * Turns what the watchers see into messages to the admins, with the state in the database
 * (`alerts`): de-duplicated with a cooldown, "recovered" after an alert the admins were told
 * of, and nothing repeated or forgotten across a restart. Every notice is logged and counted.
 *
 * The database's own outage cannot be recorded in the database: {@link fireVolatile} keeps that
 * one in memory until the database is back.
 */
export class AlertManager {
  private readonly volatile = new Map<string, { since: Date; lastSentAt: Date; words: AlertWords; severity: AlertSeverity }>();

  constructor(private readonly options: AlertManagerOptions) {}

  /**
   * Level-triggered: fires every observation and resolves every firing key under `prefix` that
   * is not among them. One key's failure is logged and does not stop the others.
   */
  async reconcile(prefix: string, observations: readonly AlertObservation[]): Promise<void> {
    const { model, logger, cooldownMs, clock } = this.options;
    const now = clock();
    const seen = new Set(observations.map((o) => o.key));
    for (const observation of observations) {
      try {
        const t = await transitionAlert(model, observation, now, cooldownMs);
        if (t?.notice) await this.notify(t.notice, t.alert._id, t.alert.severity, t.alert, t.alert.since);
      } catch (error) {
        logger.warn('alert state not updated', { key: observation.key, error });
      }
    }
    for (const key of await firingAlertKeys(model, prefix)) {
      if (seen.has(key)) continue;
      try {
        const t = await transitionAlert(model, { key, resolved: true }, now, cooldownMs);
        if (t?.notice) await this.notify(t.notice, key, t.alert.severity, t.alert, t.alert.since);
      } catch (error) {
        logger.warn('alert state not updated', { key, error });
      }
    }
  }

  /** One condition on its own key, fired (`observation`) or resolved (`null`), e.g. `database.slow`. */
  async set(key: string, observation: AlertObservation | null): Promise<void> {
    const { model, cooldownMs, clock } = this.options;
    const t = await transitionAlert(model, observation ?? { key, resolved: true }, clock(), cooldownMs);
    if (t?.notice) await this.notify(t.notice, key, t.alert.severity, t.alert, t.alert.since);
  }

  /**
   * An alert whose state cannot be stored (the database is down): in memory, sent once, repeated
   * after the cooldown. {@link resolveVolatile} sends "recovered".
   */
  async fireVolatile(observation: AlertObservation): Promise<void> {
    const now = this.options.clock();
    const held = this.volatile.get(observation.key);
    if (!held) {
      this.volatile.set(observation.key, { since: now, lastSentAt: now, words: observation, severity: observation.severity });
      await this.notify('firing', observation.key, observation.severity, observation, now);
    } else if (now.getTime() - held.lastSentAt.getTime() >= this.options.cooldownMs) {
      held.lastSentAt = now;
      await this.notify('reminder', observation.key, observation.severity, observation, held.since);
    }
  }

  async resolveVolatile(key: string): Promise<void> {
    const held = this.volatile.get(key);
    if (!held) return;
    this.volatile.delete(key);
    await this.notify('recovered', key, held.severity, held.words, held.since);
  }

  /** A one-off notice whose de-duplication the caller owns (a new kind of error, claimed in the DB). */
  async announce(observation: AlertObservation): Promise<void> {
    await this.notify('firing', observation.key, observation.severity, observation, this.options.clock());
  }

  /** Keys held in memory (the database's outage). */
  volatileKeys(): string[] {
    return [...this.volatile.keys()];
  }

  private async notify(notice: Exclude<AlertNotice, null>, key: string, severity: AlertSeverity, words: AlertWords, since: Date): Promise<void> {
    const { summary } = words;
    const { adminIds, send, logger, metrics } = this.options;
    // warn, not error: error-level lines feed the error tracker, and an alert is not a new error.
    const log = notice === 'recovered' ? logger.info.bind(logger) : logger.warn.bind(logger);
    log(`alert ${notice}: ${key}`, { alert: key, severity, notice, summary, since });
    metrics?.alertsSent.inc({ severity, notice });
    const textsFor = this.options.textsFor ?? (async () => english);
    await Promise.all(
      adminIds.map((chatId) =>
        textsFor(chatId)
          .then((t) => send(chatId, alertText(notice, key, severity, words, since, t)))
          .catch((error: unknown) => logger.warn('alert not delivered', { alert: key, chatId, error })),
      ),
    );
  }
}
