#!/usr/bin/env node
'use strict';
/**
 * The mother as its own process, so the bench can measure its RSS and restart it: the real
 * MotherRuntime (mother bot, clone manager) from the compiled apps/mother-bot. Configuration
 * comes from the environment (set by the bench); BENCH_MONGODB_URI and BENCH_PM2_HOME say which
 * database and private PM2 daemon to use. IPC commands from the bench:
 *   {cmd:'create', id, tokens:[{ownerId, token}]}  clones made through the onboarding service
 *   {cmd:'reconcile', id}                          a reconcile pass now; answers its report
 *   {cmd:'deleteAll', id}                          every clone deleted (the manager removes workers)
 *   {cmd:'stopClone', id, cloneId}                 the admin's "stop" (CloneActions), then a reconcile pass
 *   {cmd:'startClone', id, cloneId}                the admin's "start", then a reconcile pass (the worker
 *                                                  is started with wait_ready: answered once it polls)
 *   {cmd:'stop', id}                               MotherRuntime.stop(), then exit 0
 * Sends {type:'ready', startMs, firstPass} once MotherRuntime.start() resolved.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const core = require('@motherbot/core');
const { MotherRuntime } = require(path.join(ROOT, 'apps/mother-bot/dist/runtime/motherRuntime.js'));
const { CloneOnboarding } = require(path.join(ROOT, 'apps/mother-bot/dist/services/cloneOnboarding.js'));
const { telegramBotIdentifier } = require(path.join(ROOT, 'apps/mother-bot/dist/bot/botIdentity.js'));
const { cloneDataPreparer } = require(path.join(ROOT, 'apps/mother-bot/dist/services/cloneDataPreparer.js'));

async function main() {
  const config = core.loadConfig({ envFile: null });
  const logger = core.createLogger({ label: 'mother', logDir: config.logDir, level: config.logLevel, console: false });
  const runtime = new MotherRuntime({ config, logger, mongoUri: process.env.BENCH_MONGODB_URI, pm2Home: process.env.BENCH_PM2_HOME });
  const t0 = performance.now();
  const mother = await runtime.start();
  const startMs = performance.now() - t0;
  const firstPass = mother.manager.lastReport;
  const masterKey = core.resolveMasterKey(config);
  const onboarding = new CloneOnboarding({
    config,
    models: mother.models,
    masterKey,
    identify: telegramBotIdentifier(config.telegramApiRoot),
    onChange: () => undefined,
    prepareCloneData: cloneDataPreparer(mother.models.Clone.db, config.databaseName, logger),
  });

  /** Acts as the platform's admin, the way /admin's buttons do. */
  const benchAdmin = { id: config.adminIds[0], isAdmin: true };
  const handlers = {
    async create({ tokens }) {
      const ids = [];
      for (const { ownerId, token } of tokens) ids.push((await onboarding.createClone({ ownerId, token, source: 'token', isAdmin: true })).cloneId);
      void mother.manager.reconcileNow();
      return ids;
    },
    async reconcile() {
      return mother.manager.reconcileNow();
    },
    async stopClone({ cloneId }) {
      await mother.services.clones.stop(cloneId, benchAdmin);
      return mother.manager.reconcileNow();
    },
    async startClone({ cloneId }) {
      await mother.services.clones.start(cloneId, benchAdmin);
      return mother.manager.reconcileNow();
    },
    async deleteAll() {
      await mother.models.Clone.updateMany({ deletedAt: null }, { $set: { deletedAt: new Date(), desiredRunning: false } });
      return mother.manager.reconcileNow();
    },
    async stop() {
      await runtime.stop();
      await core.closeLogger(logger);
      setTimeout(() => process.exit(0), 50);
      return true;
    },
  };
  process.on('message', (msg) => {
    const handler = handlers[msg && msg.cmd];
    if (!handler) return;
    handler(msg).then(
      (result) => process.send({ type: 'result', id: msg.id, result }),
      (error) => process.send({ type: 'result', id: msg.id, error: String((error && error.stack) || error) }),
    );
  });
  process.on('disconnect', () => {
    void runtime.stop().finally(() => process.exit(0));
  });
  process.send({ type: 'ready', startMs, firstPass });
}

main().catch((error) => {
  process.stderr.write(`mother failed: ${error && error.stack}\n`);
  process.exit(1);
});
