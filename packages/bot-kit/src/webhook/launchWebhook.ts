import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { Update } from 'telegraf/types';
import type { UpdateType } from 'telegraf/typings/telegram-types';
import type { WebhookCredentials } from '@motherbot/core';
import type { PollableBot } from '../polling/updatePoller';
import { RetryingCalls, setBotWebhook } from './retryingCalls';
import { WebhookUpdates } from './webhookUpdates';

export type WebhookListen = { socketPath: string } | { port: number; host: string };

export interface LaunchWebhookOptions {
  /** The URL given to setWebhook (`webhookUrl(base, webhookPath(...))`); its path is the one this receiver answers. */
  url: string;
  credentials: WebhookCredentials;
  /** A unix socket (a clone worker behind the host's ingress; made 0600, a stale file is replaced) or a TCP port. */
  listen: WebhookListen;
  /** setWebhook's max_connections (Telegram's default is 40). */
  maxConnections?: number;
  /** setWebhook's allowed_updates; Telegram's default set when omitted (as polling sends). */
  allowedUpdates?: UpdateType[];
  onError?: (error: unknown, update: Update) => void;
  /** getMe or setWebhook failed transiently; tried again after `delayMs`. */
  onRetry?: (error: unknown, delayMs: number) => void;
  maxBodyBytes?: number;
}

/** A bot's webhook, launched: see {@link launchWebhook}. Mirrors PollingLaunch. */
export interface WebhookLaunch {
  /** Resolves once the receiver listens and setWebhook is done (or stop() came first); rejects like `ended` if it ends before. */
  readonly ready: Promise<void>;
  /**
   * Resolves once stop() has finished; rejects with Telegram's error when getMe or setWebhook
   * got a final answer (401: the token is revoked; 400: Telegram refused the URL), or with the
   * listen error (a port in use). Settles before `ready` rejects.
   */
  readonly ended: Promise<void>;
  /** The receiver (its `inFlight`). */
  readonly updates: WebhookUpdates;
  /** The HTTP server (its address when listening on port 0). */
  readonly server: Server;
  /** 503 from now on, lets running updates finish up to `deadlineMs`, closes the server. Never deletes the webhook: Telegram keeps queueing for the next start. */
  stop(options?: { deadlineMs?: number }): Promise<void>;
}

/** Connections still open this long after a stop (a client sending a body very slowly) are cut. */
const CLOSE_GRACE_MS = 2000;

/**
 * Takes a bot's updates by webhook: listens (so updates Telegram already queued for this URL
 * are taken at once), calls getMe (Telegraf needs `botInfo` to match `/cmd@botname`) and
 * setWebhook with the URL, the secret_token and max_connections. Transient failures of those
 * calls are tried again; a final answer (401, 400) ends the launch with Telegram's error for
 * the caller to report, as launchPolling does. Each request goes to a {@link WebhookUpdates}
 * after its path was matched (anything else: 404).
 */
export function launchWebhook(bot: PollableBot, options: LaunchWebhookOptions): WebhookLaunch {
  const updates = new WebhookUpdates(bot, { credentials: options.credentials, onError: options.onError, maxBodyBytes: options.maxBodyBytes });
  const expectedPath = new URL(options.url).pathname;
  const server = createServer((req, res) => {
    const pathMac = pathMacOf(req.url ?? '', expectedPath);
    if (pathMac === undefined) {
      req.resume();
      res.statusCode = 404;
      res.end('404\n');
      return;
    }
    updates.handle(req, res, pathMac);
  });
  const calls = new RetryingCalls(bot, options.onRetry);
  let stopping: Promise<void> | undefined;
  let requestStop!: () => void;
  const stopRequested = new Promise<void>((resolve) => (requestStop = resolve));
  let ready!: () => void;
  let failed!: (error: unknown) => void;
  const readyPromise = new Promise<void>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  const listening = listen(server, options.listen);

  const run = async (): Promise<void> => {
    try {
      await listening;
      if (calls.isCancelled) return;
      bot.botInfo ??= await calls.call('getMe', {});
      if (calls.isCancelled) return;
      await setBotWebhook(calls, { url: options.url, credentials: options.credentials, maxConnections: options.maxConnections ?? 40, allowedUpdates: options.allowedUpdates });
    } catch (error) {
      if (calls.isCancelled) return;
      calls.cancel();
      // Nothing will come (the token is revoked, the URL refused): stop taking what still does.
      await updates.stop({ deadlineMs: CLOSE_GRACE_MS });
      await closeServer(server);
      throw error;
    }
  };
  const ended = run().then(async () => {
    ready();
    await stopRequested;
    await stopping;
  });
  // Attached first, so every handler the caller puts on `ended` runs before `ready` rejects.
  ended.then(ready, failed);

  return {
    ready: readyPromise,
    ended,
    updates,
    server,
    stop(stopOptions) {
      calls.cancel();
      stopping ??= listening
        .catch(() => undefined)
        .then(() => updates.stop(stopOptions))
        .then(() => closeServer(server));
      requestStop();
      return stopping;
    },
  };
}

/**
 * The MAC of a request path when the path is this bot's (same folder as the URL's path, or
 * its `/tg/...` tail when a proxy in front strips a prefix); the MAC itself is checked by
 * WebhookUpdates, in constant time.
 */
function pathMacOf(requestUrl: string, expectedPath: string): string | undefined {
  const path = requestUrl.split('?', 1)[0]!;
  const cut = path.lastIndexOf('/');
  const folder = path.slice(0, cut);
  const mac = path.slice(cut + 1);
  const expectedFolder = expectedPath.slice(0, expectedPath.lastIndexOf('/'));
  const ours = folder === expectedFolder || (folder.startsWith('/tg/') && expectedFolder.endsWith(folder));
  return ours && mac !== '' ? mac : undefined;
}

async function listen(server: Server, where: WebhookListen): Promise<void> {
  if ('socketPath' in where) removeStaleSocket(where.socketPath);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const done = (): void => {
      server.off('error', reject);
      resolve();
    };
    if ('socketPath' in where) server.listen(where.socketPath, done);
    else server.listen(where.port, where.host, done);
  });
  if ('socketPath' in where) chmodSync(where.socketPath, 0o600);
}

/** A socket file left by a process that died is in the way of listen (EADDRINUSE): removed, anything else there is not. */
function removeStaleSocket(path: string): void {
  try {
    if (lstatSync(path).isSocket()) unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}
