import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update } from 'telegraf/types';
import { checkWebhookRequest, WEBHOOK_SECRET_HEADER, type WebhookCredentials } from '@motherbot/core';
import { ChatQueue } from '../polling/chatQueue';
import { runUpdate } from '../polling/runUpdate';
import { readJsonBody, WebhookBodyError } from './requestBody';

/** What the webhook receiver needs of a bot: Telegraf's `Telegraf` fits. */
export interface WebhookBot {
  handleUpdate(update: Update): Promise<void>;
}

export interface WebhookUpdatesOptions {
  /** The bot's path MAC and secret_token (`webhookCredentials`). */
  credentials: WebhookCredentials;
  /** A handler threw (or Telegraf's handler timeout hit): reported here, and the update is still confirmed (200), as polling does. */
  onError?: (error: unknown, update: Update) => void;
  /** Larger bodies get 413 without being read further; default 1 MiB (Telegram's updates are a few KiB). */
  maxBodyBytes?: number;
}

/** Update ids recently answered 200: a redelivery of one (our 200 was lost on the way) is confirmed without running it again. */
const RECENT_IDS = 1024;

/**
 * One bot's webhook requests: checks the path MAC and the secret header (404 / 401, constant
 * time), refuses anything but a POST of one JSON update (405 / 413 / 400), then hands the update
 * to the bot and answers 200 only once its handler has finished, so a process killed mid-update
 * gets it again from Telegram. None of the refusals reaches the bot.
 *
 * As with polling (UpdatePoller): the updates of one chat run one after another in arrival
 * order, a handler's error goes to `onError` and the update is confirmed anyway (a failing
 * update retried forever would hold its chat up for good), and a stop lets running updates
 * finish up to its deadline; those still running then are answered 503 (Telegram sends them to
 * the next receiver) and may no longer call Telegram (abandonedUpdates.ts), so the update is
 * answered once. Guarded by webhook.test.ts.
 */
export class WebhookUpdates {
  private readonly queue: ChatQueue;
  private readonly recent = new Set<number>();
  private readonly maxBodyBytes: number;
  private stopping?: Promise<void>;
  private cutOff = false;
  private releaseCut!: () => void;
  /** Resolves at the stop deadline: requests whose update is still running are answered 503 then. */
  private readonly cut = new Promise<void>((resolve) => (this.releaseCut = resolve));

  constructor(
    private readonly bot: WebhookBot,
    private readonly options: WebhookUpdatesOptions,
  ) {
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.queue = new ChatQueue(bot);
  }

  /** Updates taken and not finished (running, or queued behind their chat). */
  get inFlight(): number {
    return this.queue.size;
  }

  /** Checks MAC + secret, reads the JSON body (limit), handles the update, answers 200/400/401/404/405/413/503. */
  handle(req: IncomingMessage, res: ServerResponse, pathMac: string): void {
    this.answer(req, res, pathMac).then(
      (status) => reply(res, status),
      () => reply(res, 500),
    );
  }

  /** Stops taking updates (503 from now on), waits for in-flight ones up to deadlineMs (default 30 s). Safe to call more than once. */
  stop(options: { deadlineMs?: number } = {}): Promise<void> {
    this.stopping ??= this.shutdown(options.deadlineMs ?? 30_000);
    return this.stopping;
  }

  private async answer(req: IncomingMessage, res: ServerResponse, pathMac: string): Promise<number> {
    const secret = req.headers[WEBHOOK_SECRET_HEADER];
    const verdict = checkWebhookRequest(this.options.credentials, pathMac, typeof secret === 'string' ? secret : undefined);
    if (verdict !== 'ok') return this.refuseUnread(req, res, verdict === 'not-found' ? 404 : 401);
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return this.refuseUnread(req, res, 405);
    }
    if (this.stopping) return this.refuseUnread(req, res, 503);
    let body: Record<string, unknown>;
    try {
      body = await readJsonBody(req, this.maxBodyBytes);
    } catch (error) {
      return error instanceof WebhookBodyError ? error.status : 400;
    }
    const updateId = body.update_id;
    if (typeof updateId !== 'number' || !Number.isSafeInteger(updateId)) return 400;
    if (this.recent.has(updateId)) return 200;
    if (this.stopping) return 503;
    // A redelivery of an update still running (Telegram gave up waiting) joins it instead of running it twice.
    const handled = this.queue.get(updateId) ?? this.dispatch(body as unknown as Update);
    const finished = await Promise.race([handled.then(() => true), this.cut.then(() => false)]);
    return finished ? 200 : 503;
  }

  /** Queues the update behind the running ones of its chat; the promise never rejects. */
  private dispatch(update: Update): Promise<void> {
    const id = update.update_id;
    const handled = this.queue.dispatch(update, (u) => this.run(u));
    void handled.then(() => {
      if (this.cutOff) return;
      this.recent.add(id);
      if (this.recent.size > RECENT_IDS) this.recent.delete(this.recent.values().next().value as number);
    });
    return handled;
  }

  private async run(update: Update): Promise<void> {
    // Queued behind a chat's update that outlived the stop: answered 503, left to the next receiver.
    if (this.cutOff) return;
    await runUpdate(this.bot, update, this.options.onError);
  }

  /**
   * A refusal before the body was read. A body within the limit is read and dropped, so a kept-alive
   * connection (Telegram's, the ingress's) stays usable; a larger or unknown one is not read at
   * all: the connection is closed after the answer, so a flood of large refused bodies costs nothing.
   */
  private refuseUnread(req: IncomingMessage, res: ServerResponse, status: number): number {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (req.complete || (req.headers['transfer-encoding'] === undefined && Number.isFinite(declared) && declared <= this.maxBodyBytes)) req.resume();
    else res.setHeader('connection', 'close');
    return status;
  }

  private async shutdown(deadlineMs: number): Promise<void> {
    await this.queue.drain(deadlineMs);
    this.cutOff = true;
    this.releaseCut();
    // Let the 503s of the abandoned requests be written before the caller closes the server.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}


function reply(res: ServerResponse, status: number): void {
  if (res.headersSent || res.writableEnded) return;
  res.statusCode = status;
  // An oversized body is not read to its end: the connection goes with it.
  if (status === 413) res.setHeader('connection', 'close');
  if (status !== 200) res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(status === 200 ? '' : `${status}\n`);
}
