import { telegramDescription, telegramErrorCode } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
import { cloneTexts } from '../../i18n/texts';
import { cancelKeyboard, finalText, progressText } from './channelIndexProgress';
import { newLinkCode, shareLink } from '../services/linkCodes';
import { ChannelPosts } from '../../data/channelPosts';
import { IndexJobs, type IndexJobDoc } from '../../data/indexJobs';
import { storeChannelPost } from './channelIndexStore';

/** What a new job needs; the counters start at zero. */
export type NewIndexJob = Pick<IndexJobDoc, 'kind' | 'chatId' | 'channelTitle' | 'first' | 'last' | 'userId' | 'locale'>;

export interface ChannelIndexerOptions {
  /**
   * Posts read per second. A post is read by forwarding it into the chat of whoever started the
   * job (and deleting the copy): Telegram allows about one message a second in one chat, so
   * that is the default. Posts read before cost no forward and are not paced.
   */
  postsPerSecond?: number;
  /** Minimum time between two edits of the progress message. */
  progressEditMs?: number;
}

/** A job could not start: its progress message could not be sent. Nothing runs, and nothing is left "running". */
export class IndexStartError extends Error {
  constructor(readonly reason: string) {
    super(`indexing job not started: ${reason}`);
    this.name = 'IndexStartError';
  }
}

/** The bot can no longer read the channel (removed from it, or its rights taken) in the middle of a job. */
export class ChannelAccessLostError extends Error {
  constructor(readonly description: string) {
    super(`channel no longer readable: ${description}`);
    this.name = 'ChannelAccessLostError';
  }
}

const SCRATCH_FLUSH = 50;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the clone's one indexing job: reads a range of posts of the connected channel and stores
 * their files, or (a range batch) also makes one batch link of them. The Bot API cannot read a
 * channel's history, so each post is forwarded into the starter's chat, stored from the copy,
 * and the copy deleted. The job's state is one document written after every post: a worker that
 * stops goes on from the next post when it starts again (`resume`).
 */
export class ChannelIndexer {
  readonly posts: ChannelPosts;
  readonly jobs: IndexJobs;
  private running: Promise<void> | null = null;
  /** Set while a job is being started: two managers' commands at once must not start two. */
  private starting = false;
  private cancelRequested = false;
  private stopping = false;
  private readonly gapMs: number;
  private readonly editMs: number;

  constructor(
    private readonly rt: CloneRuntime,
    options: ChannelIndexerOptions = {},
  ) {
    this.posts = new ChannelPosts(rt.deps.cloneDb);
    this.jobs = new IndexJobs(rt.deps.cloneDb);
    this.gapMs = 1000 / Math.max(0.01, options.postsPerSecond ?? 1);
    this.editMs = Math.max(0, options.progressEditMs ?? 3_000);
  }

  /** The job running now (in the database), or null. */
  async runningJob(): Promise<IndexJobDoc | null> {
    const job = await this.jobs.current();
    return job?.status === 'running' ? job : null;
  }

  /**
   * Starts a job and sends its progress message; null when one is running already. When the
   * progress message cannot be sent the start is undone (the job is marked failed, so the next
   * command is not told "busy") and IndexStartError is thrown.
   */
  async begin(spec: NewIndexJob): Promise<IndexJobDoc | null> {
    if (this.starting || this.running) return null;
    this.starting = true;
    try {
      return await this.startJob(spec);
    } finally {
      this.starting = false;
    }
  }

  private async startJob(spec: NewIndexJob): Promise<IndexJobDoc | null> {
    if (await this.runningJob()) return null;
    const t = cloneTexts.forLocale(spec.locale);
    const job = await this.jobs.start({ ...spec, status: 'running', next: spec.first, progressMessageId: null, indexed: 0, known: 0, skipped: 0, missing: 0, codes: [], error: null });
    let message: { message_id: number };
    try {
      message = await this.rt.telegram.sendMessage(spec.userId, progressText(t, job), cancelKeyboard(t));
    } catch (error) {
      const reason = telegramDescription(error);
      await this.jobs.update({ status: 'failed', error: reason });
      throw new IndexStartError(reason);
    }
    job.progressMessageId = message.message_id;
    await this.jobs.update({ progressMessageId: message.message_id });
    this.launch(job);
    return job;
  }

  /** Goes on with a job a stopped worker left running. Never rejects. */
  async resume(): Promise<void> {
    try {
      const job = await this.runningJob();
      if (job && !this.running && !this.stopping) this.launch(job);
    } catch (error) {
      this.rt.deps.logger.warn('indexing job could not be resumed', { error });
    }
  }

  /** Cancels the running job (its progress message says so); false when none runs. */
  async cancel(): Promise<boolean> {
    if (this.running) {
      this.cancelRequested = true;
      await this.running;
      return true;
    }
    const job = await this.runningJob();
    if (!job) return false;
    await this.jobs.update({ status: 'cancelled' });
    await this.editProgress({ ...job, status: 'cancelled' });
    return true;
  }

  /** Stops reading (the job stays running in the database, for the next start). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private launch(job: IndexJobDoc): void {
    this.cancelRequested = false;
    this.running = this.run(job)
      .catch(async (error: unknown) => {
        this.rt.deps.logger.error('indexing job failed', { error });
        // Losing the channel is the owner's to fix: the reason says what to do, in their language.
        const reason = error instanceof ChannelAccessLostError
          ? cloneTexts.t(job.locale, 'channelIndex.lostAccess', { bot: this.rt.deps.botUsername, channel: job.channelTitle, reason: error.description })
          : telegramDescription(error);
        const failed = { ...job, status: 'failed' as const, error: reason };
        await this.jobs.update({ status: 'failed', error: failed.error }).catch(() => undefined);
        await this.editProgress(failed);
      })
      .finally(() => {
        this.running = null;
      });
  }

  private async run(job: IndexJobDoc): Promise<void> {
    const scratch: number[] = [];
    let lastEdit = Date.now();
    let lastForward = 0;
    while (job.next <= job.last) {
      if (this.stopping) return void (await this.flushScratch(job, scratch));
      if (this.cancelRequested) break;
      const id = job.next;
      const known = await this.posts.get(job.chatId, id);
      if (known !== undefined) {
        if (known !== null && (await this.rt.data.library.file(known))) {
          job.known += 1;
          if (job.kind === 'batch') addCode(job, known);
        } else job.skipped += 1;
      } else {
        const wait = lastForward + this.gapMs - Date.now();
        if (wait > 0) await sleep(wait);
        lastForward = Date.now();
        const copy = await this.readPost(job, id);
        if (copy === 'missing') job.missing += 1;
        else {
          scratch.push(copy.message_id);
          const stored = await storeChannelPost(this.rt, this.posts, job.chatId, id, copy);
          if (!stored) job.skipped += 1;
          else {
            if (stored.fresh) job.indexed += 1;
            else job.known += 1;
            if (job.kind === 'batch') addCode(job, stored.code);
          }
        }
      }
      job.next = id + 1;
      await this.jobs.update(progressFields(job));
      const editDue = Date.now() - lastEdit >= this.editMs;
      // The read copies go with every progress edit (or every 50), so they do not pile up in the chat.
      if (editDue || scratch.length >= SCRATCH_FLUSH) await this.flushScratch(job, scratch);
      if (editDue) {
        lastEdit = Date.now();
        await this.editProgress(job);
      }
    }
    await this.flushScratch(job, scratch);
    if (this.cancelRequested) {
      job.status = 'cancelled';
      await this.jobs.update({ status: 'cancelled' });
      return void (await this.editProgress(job));
    }
    const link = job.kind === 'batch' ? await this.makeBatch(job) : null;
    job.status = 'done';
    await this.jobs.update({ status: 'done' });
    await this.editProgress(job, link);
  }

  /**
   * A post as this bot can read it: forwarded (silently) into the starter's chat. A post that is
   * gone, or cannot be forwarded, is 'missing'; losing the channel (the bot removed, no rights)
   * throws ChannelAccessLostError and fails the job with what the owner must do.
   */
  private async readPost(job: IndexJobDoc, messageId: number): Promise<{ message_id: number } | 'missing'> {
    try {
      return await this.rt.telegram.forwardMessage(job.userId, job.chatId, messageId, { disable_notification: true });
    } catch (error) {
      const description = telegramDescription(error);
      const code = telegramErrorCode(error);
      const lost = code === 403 || (code === 400 && /chat not found|rights/i.test(description));
      if (lost) throw new ChannelAccessLostError(description);
      if (code === 400) return 'missing';
      throw error;
    }
  }

  private async flushScratch(job: IndexJobDoc, scratch: number[]): Promise<void> {
    if (scratch.length === 0) return;
    const ids = scratch.splice(0, scratch.length);
    await this.rt.telegram.deleteMessages(job.userId, ids).catch((error: unknown) => this.rt.deps.logger.warn('could not delete read copies', { error }));
  }

  /**
   * The one link of a range batch (null when the range held no file). A range has at most 1,000
   * posts, so the batch document holds at most 1,000 codes; opening it delivers one page of
   * files at a time (features/batchPages.ts), so a delivery stays bounded.
   */
  private async makeBatch(job: IndexJobDoc): Promise<string | null> {
    if (job.codes.length === 0) return null;
    const code = newLinkCode('batch');
    await this.rt.data.library.addBatch(code, job.codes, job.userId);
    return shareLink(this.rt.deps.botUsername, code);
  }

  private async editProgress(job: IndexJobDoc, link: string | null = null): Promise<void> {
    if (job.progressMessageId === null) return;
    const t = cloneTexts.forLocale(job.locale);
    const running = job.status === 'running';
    const text = running ? progressText(t, job) : finalText(t, job, link);
    await this.rt.telegram
      .editMessageText(job.userId, job.progressMessageId, undefined, text, { ...(running ? cancelKeyboard(t) : {}), link_preview_options: { is_disabled: true } })
      .catch(() => undefined); // "not modified", or the owner deleted it: the job goes on
  }
}

/** A range batch holds each file once, where it first appears: the same file posted twice is delivered once. */
function addCode(job: IndexJobDoc, code: string): void {
  if (!job.codes.includes(code)) job.codes.push(code);
}

function progressFields(job: IndexJobDoc): Partial<IndexJobDoc> {
  const fields: Partial<IndexJobDoc> = { next: job.next, indexed: job.indexed, known: job.known, skipped: job.skipped, missing: job.missing };
  if (job.kind === 'batch') fields.codes = job.codes;
  return fields;
}
