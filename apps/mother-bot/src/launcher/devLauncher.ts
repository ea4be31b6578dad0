import { join } from 'node:path';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { EmbeddedDatabase, closeLogger, createProcessLogger, loadConfigOrExit, registerSecret, type AppConfig } from '@motherbot/core';
import { Pm2Client } from '../cloneManager/pm2Client';
import { MotherRuntime } from '../runtime/motherRuntime';
import { exitOnSignals } from '../runtime/shutdown';

/** A fixed token for the sandbox's mother bot, so its identity survives a restart of `npm start`. */
const SANDBOX_MOTHER_TOKEN = '1000000001:SANDBOXmotherBOTtokenNOTaSECRET00000';

/**
 * `npm start`: everything in one foreground process tree for a newcomer, and nothing left
 * behind on Ctrl-C. Without MONGODB_URI it runs the embedded database; without BOT_TOKEN
 * (outside production) the Telegram sandbox, with a mother bot and an admin user you can talk
 * to in its web chat. Clone workers run under a private PM2 daemon (DATA_DIR/pm2) that is
 * shut down on exit, so an operator's own PM2 is never touched. Operators use
 * `pm2 start ecosystem.config.js` instead.
 */
async function main(): Promise<void> {
  let config = loadConfigOrExit();
  for (const secret of [config.botToken, config.masterKey, config.mongodbUri, config.statusToken]) registerSecret(secret);
  // A terminal program: its log is the terminal, whatever LOG_OUTPUT says for PM2's processes.
  const logger = createProcessLogger({ ...config, logOutput: 'stdout' }, 'mother');
  const pm2Home = join(config.dataDir, 'pm2');

  let sandbox: TelegramSandbox | undefined;
  let embedded: EmbeddedDatabase | undefined;
  let runtime: MotherRuntime | undefined;
  const stop = async (): Promise<void> => {
    await runtime?.stop();
    await new Pm2Client(pm2Home).shutdownDaemon().catch((error: unknown) => logger.warn('PM2 daemon shutdown failed', { error }));
    await embedded?.stop();
    await sandbox?.stop();
    logger.info('stopped: nothing left running');
    await closeLogger(logger);
  };
  exitOnSignals(stop, logger);

  if (!config.botToken) {
    sandbox = new TelegramSandbox({});
    await sandbox.start({ port: config.sandboxPort });
    const mother = sandbox.createBot({ username: 'mother_bot', firstName: 'Mother Bot', token: SANDBOX_MOTHER_TOKEN, canManageBots: true });
    const adminId = config.adminIds[0] ?? 1_000_001;
    sandbox.createUser({ id: adminId, firstName: 'Admin', username: 'admin' });
    config = { ...config, botToken: mother.token, telegramApiRoot: sandbox.apiRoot, adminIds: [adminId, ...config.adminIds.slice(1)] } as AppConfig;
    logger.info(`Telegram sandbox: open ${sandbox.url}/ — chat with @${mother.username} as user ${adminId} (an admin)`);
  }

  let mongoUri = config.mongodbUri;
  if (!mongoUri) {
    embedded = new EmbeddedDatabase({
      dataDir: join(config.dataDir, 'db'),
      port: config.embeddedDbPort,
      // FerretDB logs every unsupported driver command (endSessions…) from its connection layer at WARN: noise.
      onLog: (line) => {
        if (!line.includes('source=clientconn/')) logger.warn(`ferretdb: ${line}`);
      },
    });
    mongoUri = await embedded.start();
    logger.info(`embedded database (FerretDB) on 127.0.0.1:${embedded.port}, data in ${join(config.dataDir, 'db')}`);
  }
  runtime = new MotherRuntime({ config, logger, mongoUri, pm2Home });
  try {
    await runtime.start();
  } catch (error) {
    // Whatever did start (the PM2 daemon is detached) must not outlive us.
    await stop().catch(() => undefined);
    throw error;
  }
  logger.info(`ready. Clone workers: PM2_HOME=${pm2Home} npx pm2 ls — press Ctrl-C to stop everything`);
}

main().catch((error: unknown) => {
  process.stderr.write(`start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
