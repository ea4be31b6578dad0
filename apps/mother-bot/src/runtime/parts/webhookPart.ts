import type { Monitoring } from '../../monitoring/monitoring';
import { WebhookIngress } from '../../webhooks/webhookIngress';
import type { ClonesPart } from './clonesPart';
import type { StartContext } from './startContext';

/**
 * Webhook mode (WEBHOOK_BASE_URL set): the host's one ingress, listening on WEBHOOK_HOST:
 * WEBHOOK_PORT for the mother and every clone this host runs. It starts before the services and
 * the bot, and is stopped after the bot stops taking updates (the runtime stops parts in
 * reverse), so an update in flight to the mother still has its way back. Absent in polling mode.
 */
export async function startWebhookIngress(ctx: StartContext, deps: { clones: ClonesPart; monitoring: Monitoring }): Promise<WebhookIngress | undefined> {
  const { config, logger } = ctx;
  if (!config.webhookBaseUrl) return undefined;
  const ingress = new WebhookIngress({
    host: config.webhookHost,
    port: config.webhookPort,
    dataDir: config.dataDir,
    masterKey: deps.clones.masterKey,
    logger,
    requests: deps.monitoring.metrics.webhookRequests,
  });
  ctx.onStop('webhook ingress', () => ingress.stop({ deadlineMs: 5_000 }));
  await ctx.step('webhook ingress', () => ingress.start());
  logger.info(`webhook ingress on ${config.webhookHost}:${ingress.port}, for Telegram at ${config.webhookBaseUrl}`);
  return ingress;
}
