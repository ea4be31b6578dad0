import { button, inlineKeyboard } from '@motherbot/bot-kit';
import type { CloneTranslate } from '../../i18n/texts';
import { cb } from '../services/callbackData';
import type { IndexJobDoc } from '../../data/indexJobs';
import { BATCH_PAGE_FILES } from './batchPages';

/** The progress message of an indexing job: its text while it runs, its cancel button, and how it ends. */

export function cancelKeyboard(t: CloneTranslate) {
  return { reply_markup: inlineKeyboard([[button(t('channelIndex.button.cancel'), cb.indexCancel())]]) };
}

function counts(t: CloneTranslate, job: IndexJobDoc): string {
  return t('channelIndex.counts', { indexed: job.indexed, known: job.known, skipped: job.skipped, missing: job.missing });
}

/** The progress as the message shows it while the job runs. */
export function progressText(t: CloneTranslate, job: IndexJobDoc): string {
  const what = t(job.kind === 'batch' ? 'channelIndex.what.batch' : 'channelIndex.what.index', { channel: job.channelTitle });
  return `${t('channelIndex.progress', { what, done: job.next - job.first, total: job.last - job.first + 1 })}\n${counts(t, job)}`;
}

/** How the job ends; a range batch names its one link (`link`, null when no file was found). */
export function finalText(t: CloneTranslate, job: IndexJobDoc, link: string | null): string {
  const total = job.last - job.first + 1;
  const done = job.next - job.first;
  if (job.status === 'cancelled') return `${t('channelIndex.cancelled', { done, total })}\n${counts(t, job)}`;
  if (job.status === 'failed') return `${t('channelIndex.failed', { reason: job.error ?? '?' })}\n${counts(t, job)}`;
  const summary = `${t('channelIndex.done', { count: total, channel: job.channelTitle })}\n${counts(t, job)}`;
  if (job.kind !== 'batch') return summary;
  if (link === null) return `${summary}\n\n${t('channelIndex.batch.empty')}`;
  const params = { count: job.codes.length, channel: job.channelTitle, max: BATCH_PAGE_FILES };
  const head = job.codes.length > BATCH_PAGE_FILES ? t('channelIndex.batch.paged', params) : t('channelIndex.batch.one', params);
  return `${summary}\n\n${head}\n${link}`;
}
