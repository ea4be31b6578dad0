import { Composer, type Context } from 'telegraf';
import { localeOf } from '@motherbot/bot-kit';
import type { CloneFileDoc } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { parseLinkCode } from '../services/linkCodes';
import { deliverFiles, scheduleAutoDelete } from '../services/fileDelivery';
import { cloneTexts, type CloneTextKey } from '../../i18n/texts';
import type { ForceSubscribeGate } from './forceSubscribe';
import type { LinkGate } from './linkGate';
import { BATCH_PAGE_FILES, BatchPager } from './batchPages';

/** Opens a share link for a user; `locale` is the language of the texts around the files (English by default). */
export type OpenLink = (userId: number, code: string, opts?: { gatePassed?: boolean; locale?: string }) => Promise<void>;

/**
 * Opens a share link for a user: checks the code, the force-subscribe gate, link verification
 * and the daily quota, sends the files
 * (as albums where the kinds allow, with the owner's caption and button, protected if the
 * owner said so: services/fileDelivery.ts), records the delivery and, with auto-delete on, sends the
 * notice and stores the deletion job. Every failure ends in a friendly line, never an error.
 *
 * A batch of more than one page (a range batch) sends its first page and the button for the
 * next (features/batchPages.ts); the link counts once against the quota, here.
 *
 * Reads are point reads by code. Nothing after the first send can make the update run again
 * (the delivery is counted in memory and written later), so a file is never sent twice for
 * one update.
 */
/** A file link as a one-page batch, so the opener treats both kinds alike. */
async function fileAsPage(rt: CloneRuntime, code: string): Promise<{ files: CloneFileDoc[]; total: number }> {
  const file = await rt.data.library.file(code);
  return { files: file ? [file] : [], total: 1 };
}

export function createLinkOpener(rt: CloneRuntime, gate: ForceSubscribeGate, linkGate?: LinkGate, pager: BatchPager = new BatchPager(rt)): OpenLink {
  return async (userId, code, opts = {}) => {
    const locale = opts.locale ?? 'en';
    const t = (key: CloneTextKey, params?: Record<string, string | number>): string => cloneTexts.t(locale, key, params);
    const say = (text: string): Promise<unknown> => rt.telegram.sendMessage(userId, text).catch(() => undefined);
    const link = parseLinkCode(code);
    if (!link) return void (await say(t('deliver.linkInvalid')));
    // A batch's first page only: a range batch holds up to 1,000 files, sent a page at a time.
    const first = link.kind === 'batch' ? await rt.data.library.batchPage(code, 0, BATCH_PAGE_FILES) : await fileAsPage(rt, code);
    const paged = first !== null && first.total > BATCH_PAGE_FILES;
    const files = first?.files ?? [];
    if (files.length === 0 && !paged) return void (await say(t('deliver.linkGone')));
    if (!opts.gatePassed) {
      const missing = await gate.missingChannels(userId);
      if (missing.length > 0) {
        await gate.askToJoin(userId, missing, code, locale);
        return;
      }
    }
    const settings = await rt.settings.get();
    // Link verification and the daily quota (nothing to read when both are off).
    const verdict = linkGate ? await linkGate.check(userId, code, settings) : null;
    if (verdict && !verdict.deliver) return;
    const delivery = { settings, code, locale };
    const delivered = files.length > 0 ? await deliverFiles(rt, userId, files, delivery) : [];
    if (files.length > 0 && delivered.length === 0) return void (await say(t('deliver.failed')));
    rt.data.stats.recordDelivery(userId, code);
    if (verdict?.countQuota) {
      await linkGate!.countDelivery(userId, verdict.access).catch((error: unknown) => rt.deps.logger.error('could not count a delivery against the quota', { error }));
    }
    await scheduleAutoDelete(rt, userId, delivered, files.length, delivery);
    if (paged) await pager.note(userId, code, 0, first.total, BatchPager.expiryFromNow(), locale);
  };
}

/** `/start <payload>`: a share link being opened. */
export function deliverFeature(openLink: OpenLink): Composer<Context> {
  const composer = new Composer<Context>();
  composer.start(async (ctx, next) => {
    if (!ctx.payload) return next();
    await openLink(ctx.from.id, ctx.payload, { locale: localeOf(ctx) });
  });
  return composer;
}
