import { OpsScheduler } from '../../ops/opsScheduler';
import type { DatabasePart } from './databasePart';
import type { StartContext } from './startContext';

/** The operator's scheduled jobs (backups, retention): timers only, nothing to wait for at start. */
export function startOps(ctx: StartContext, db: DatabasePart): OpsScheduler {
  const scheduler = new OpsScheduler({ config: ctx.config, db: db.connection, models: db.models, logger: ctx.logger, clock: ctx.clock });
  ctx.onStop('ops', () => scheduler.stop());
  scheduler.start();
  return scheduler;
}
