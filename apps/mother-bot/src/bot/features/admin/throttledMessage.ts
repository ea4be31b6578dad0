import type { Telegram } from 'telegraf';

type EditingTelegram = Pick<Telegram, 'editMessageText' | 'sendMessage'>;

/**
 * One chat message that follows a long job (a backup of many databases): edited as the job
 * reports progress, at most once per `editEveryMs` (Telegram limits edits, and a job can report
 * many times a second), always showing the latest state once a quiet period ends; `finish`
 * replaces it with the result. Edits go out one after another, so the result is the last text.
 * Guarded by apps/mother-bot/test/adminBackup.test.ts.
 */
export class ThrottledMessage {
  private lastEditAt = Date.now();
  private lastText: string | undefined;
  private pending: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private finished = false;

  constructor(
    private readonly telegram: EditingTelegram,
    private readonly chatId: number,
    private readonly messageId: number,
    private readonly editEveryMs: number,
    /** A progress edit that failed: reported, never thrown (the job goes on). */
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Shows `text` now, or at the end of the current quiet period (only the latest text then). */
  update(text: string): void {
    if (this.finished) return;
    this.pending = text;
    if (this.timer) return;
    const waitMs = this.lastEditAt + this.editEveryMs - Date.now();
    if (waitMs <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), waitMs);
  }

  /**
   * Replaces the message with the result, after any edit in flight. If the message cannot be
   * edited (deleted meanwhile), the result is sent as a new message: it must reach the chat.
   */
  async finish(text: string): Promise<void> {
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    const done = this.chain.then(() =>
      this.telegram.editMessageText(this.chatId, this.messageId, undefined, text).catch(() => this.telegram.sendMessage(this.chatId, text)),
    );
    this.chain = done;
    await done;
  }

  private flush(): void {
    this.timer = undefined;
    const text = this.pending;
    this.pending = undefined;
    if (text === undefined || text === this.lastText || this.finished) return;
    this.lastEditAt = Date.now();
    this.lastText = text;
    this.chain = this.chain.then(() => this.telegram.editMessageText(this.chatId, this.messageId, undefined, text).catch(this.onError));
  }
}
