import { StatusServer } from '../../http/statusServer';
import type { SendAlert } from '../../monitoring/alertManager';
import { Monitoring } from '../../monitoring/monitoring';
import { oneLine } from '../startupSteps';
import type { ClonesPart } from './clonesPart';
import type { DatabasePart } from './databasePart';
import type { StartContext } from './startContext';

export interface MonitoringPart {
  monitoring: Monitoring;
  /** Base URL of the status server, when it listens. */
  statusUrl?: string;
}

/**
 * Metrics, health, alerts and error tracking, then the status server. Alerts leave through the
 * `sendAlert` port (the mother's Telegram client). The status server is the one step that may
 * fail without stopping the start: the bots matter more than their dashboard.
 */
export async function startMonitoring(
  ctx: StartContext,
  deps: { db: DatabasePart; clones: ClonesPart; sendAlert: SendAlert; botPolling: () => boolean | 'standby' },
): Promise<MonitoringPart> {
  const { config, logger } = ctx;
  const monitoring = new Monitoring({
    config,
    logger,
    connection: deps.db.connection,
    models: deps.db.models,
    send: deps.sendAlert,
    textsFor: (chatId) => deps.db.locales.textsFor(chatId),
    pm2Reach: () => deps.clones.pm2.list(),
    botPolling: deps.botPolling,
    manager: deps.clones.manager,
    ...(deps.clones.host ? { host: { hostId: deps.clones.host.agent.hostId, fenced: () => !deps.clones.host!.agent.mayAct() } } : {}),
    clock: ctx.clock,
  });
  ctx.onStop('monitoring', () => monitoring.stop());
  await ctx.step('monitoring', () => monitoring.start());

  const statusServer = new StatusServer({ host: config.httpHost, port: config.httpPort, token: config.statusToken, source: monitoring, logger });
  ctx.onStop('status server', () => statusServer.stop());
  try {
    await ctx.step('status server', () => statusServer.start());
    logger.info(`status page on ${statusServer.url}/status`);
    return { monitoring, statusUrl: statusServer.url };
  } catch (error) {
    if (ctx.aborted()) throw error;
    logger.error(`${oneLine(error)}; continuing without it`);
    return { monitoring };
  }
}
