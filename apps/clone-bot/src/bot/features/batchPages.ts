import { Composer, type Context } from 'telegraf';
import { answerCallback, button, inlineKeyboard, localeOf } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
import { cb } from '../services/callbackData';
import { BatchPageGrants, PAGE_GRANT_TTL_MS } from '../services/batchPageGrants';
import { deliverFiles, scheduleAutoDelete, type DeliveryOptions } from '../services/fileDelivery';
import { cloneTexts, tr } from '../../i18n/texts';
import { onAction } from './callbackRouter';
import { MAX_BATCH_FILES } from './share';

/** Files sent per page of a batch link: the same bound as an uploaded batch, so no delivery is bigger than one today. */
export const BATCH_PAGE_FILES = MAX_BATCH_FILES;

/** Double presses remembered (per worker), so one button sends its page once even when pressed twice quickly. */
const SERVED_REMEMBERED = 10_000;

/**
 * A batch link of more than {@link BATCH_PAGE_FILES} files (a range batch of up to 1,000) is
 * delivered a page at a time: opening it (through the gate, features/deliver.ts) sends the first
 * page and a note "Files 1–50 of 430" with a button for the next page; each press sends that
 * page, takes the button off the pressed note and puts a new note with the next button under
 * the new files, so the button is always at the bottom of the chat, until the last page.
 *
 * A press does not go through the gate again (no quota count, no verification, no
 * force-subscribe check): the button is a grant signed for the user who opened the link
 * (services/batchPageGrants.ts), valid for an hour from the opening. Anyone else's press, a
 * tampered page or code, or an expired button is answered "open the link again" and sends nothing.
 */
export class BatchPager {
  readonly grants: BatchPageGrants;
  private readonly served = new Set<string>();

  constructor(private readonly rt: CloneRuntime) {
    this.grants = new BatchPageGrants(rt.deps.cloneKey, rt.deps.cloneId);
  }

  /** The expiry (Unix seconds) of the grant an opening gives now. */
  static expiryFromNow(now = Date.now()): number {
    return Math.floor((now + PAGE_GRANT_TTL_MS) / 1000);
  }

  /**
   * The note under page `page` (0-based) of a batch of `total` codes: with the next page's
   * button signed for `userId`, or saying it was the last page.
   */
  async note(userId: number, code: string, page: number, total: number, expires: number, locale: string): Promise<void> {
    const from = page * BATCH_PAGE_FILES + 1;
    const to = Math.min(total, (page + 1) * BATCH_PAGE_FILES);
    const t = cloneTexts.forLocale(locale);
    if (to >= total) {
      await this.rt.telegram.sendMessage(userId, t('batchPages.last', { from, to, total })).catch(() => undefined);
      return;
    }
    const next = cb.batchPage(this.grants.issue(userId, code, page + 1, expires));
    const label = t('batchPages.next', { count: Math.min(BATCH_PAGE_FILES, total - to) });
    await this.rt.telegram.sendMessage(userId, t('batchPages.status', { from, to, total }), { reply_markup: inlineKeyboard([[button(label, next)]]) }).catch(() => undefined);
  }

  /** Remembers a press; false when the same button was served already (a double press). */
  firstPress(key: string): boolean {
    if (this.served.has(key)) return false;
    this.served.add(key);
    if (this.served.size > SERVED_REMEMBERED) this.served.delete(this.served.values().next().value!);
    return true;
  }

  forget(key: string): void {
    this.served.delete(key);
  }
}

/** The "Send the next 50" button of a batch link's pages. */
export function batchPagesFeature(rt: CloneRuntime, pager: BatchPager): Composer<Context> {
  const composer = new Composer<Context>();
  onAction(composer, 'batchPage', async (ctx, action, userId) => {
    const t = tr(ctx);
    if (!pager.grants.verify(userId, action)) return answerCallback(ctx, t('batchPages.openAgain'), true);
    const page = await rt.data.library.batchPage(action.code, action.page, BATCH_PAGE_FILES);
    if (!page || action.page * BATCH_PAGE_FILES >= page.total) return answerCallback(ctx, t('deliver.linkGone'), true);
    const key = `${userId}:${action.code}:${action.page}:${action.expires}`;
    if (!pager.firstPress(key)) return answerCallback(ctx);
    // Failed before or during the delivery: the button may be pressed again (files sent before the failure then come twice, which beats a dead button).
    const forgetAndThrow = (error: unknown): never => {
      pager.forget(key);
      throw error;
    };
    await answerCallback(ctx);
    const locale = localeOf(ctx);
    const opts: DeliveryOptions = { settings: await rt.settings.get().catch(forgetAndThrow), code: action.code, locale };
    const delivered = page.files.length > 0 ? await deliverFiles(rt, userId, page.files, opts).catch(forgetAndThrow) : [];
    if (page.files.length > 0 && delivered.length === 0) {
      // Nothing went out: the pressed button stays, and may be pressed again.
      pager.forget(key);
      await rt.telegram.sendMessage(userId, t('deliver.failed')).catch(() => undefined);
      return;
    }
    // The button moves on: the pressed note keeps its text, the new note below the files gets the button.
    await ctx.editMessageReplyMarkup(undefined).catch(() => undefined);
    await scheduleAutoDelete(rt, userId, delivered, page.files.length, opts);
    await pager.note(userId, action.code, action.page, page.total, action.expires, locale);
  });
  return composer;
}
