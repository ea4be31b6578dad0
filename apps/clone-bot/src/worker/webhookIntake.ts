import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { cloneWebhookKey, webhookCredentials, webhookPath, webhookUrl, workerSocketPath, type AppConfig, type Logger } from '@motherbot/core';
import { launchWebhook, type PollableBot, type WebhookLaunch } from '@motherbot/bot-kit';
import type { ExpectedWebhook } from './webhookWatch';

/**
 * A worker in webhook mode takes its updates on its unix socket (DATA_DIR/run/<cloneId>.sock,
 * the folder 0700), where the host's ingress forwards the requests Telegram sends to
 * `/tg/c/<cloneId>/<mac>`. Its path MAC and secret come from its own clone key, so it checks
 * every request itself too. Returns the launch and the webhook it sets, for the watch.
 */
export function launchCloneWebhook(
  bot: PollableBot,
  deps: { cloneId: string; config: AppConfig; cloneKey: Buffer; logger: Logger },
): { launch: WebhookLaunch; expected: ExpectedWebhook } {
  const { cloneId, config, logger } = deps;
  const credentials = webhookCredentials(cloneWebhookKey(deps.cloneKey));
  const socketPath = workerSocketPath(config.dataDir, cloneId);
  mkdirSync(dirname(socketPath), { recursive: true, mode: 0o700 });
  chmodSync(dirname(socketPath), 0o700);
  const expected: ExpectedWebhook = {
    url: webhookUrl(config.webhookBaseUrl, webhookPath({ kind: 'clone', cloneId }, credentials)),
    secretToken: credentials.secretToken,
    maxConnections: config.webhookMaxConnections,
  };
  const launch = launchWebhook(bot, {
    url: expected.url,
    credentials,
    listen: { socketPath },
    maxConnections: expected.maxConnections,
    onError: (error, update) => logger.error('update handler failed', { updateId: update.update_id, error }),
    onRetry: (error, delayMs) => logger.warn('setWebhook failed, retrying', { delayMs, error: (error as Error).message }),
  });
  return { launch, expected };
}
