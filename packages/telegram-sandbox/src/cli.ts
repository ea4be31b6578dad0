/**
 * Standalone sandbox: `node packages/telegram-sandbox/dist/cli.js`.
 * SANDBOX_PORT (default 8081), SANDBOX_HOST (default 127.0.0.1), optional
 * SANDBOX_BOT_TOKEN / SANDBOX_BOT_USERNAME (a bot created at start), SANDBOX_FLOOD=off.
 */
import { TelegramSandbox } from './sandbox';

async function main(): Promise<void> {
  const sandbox = new TelegramSandbox({ flood: { enabled: process.env.SANDBOX_FLOOD !== 'off' } });
  await sandbox.start({ port: Number(process.env.SANDBOX_PORT ?? 8081), host: process.env.SANDBOX_HOST ?? '127.0.0.1' });
  const token = process.env.SANDBOX_BOT_TOKEN;
  if (token || process.env.SANDBOX_BOT_USERNAME) {
    const bot = sandbox.createBot({ username: process.env.SANDBOX_BOT_USERNAME ?? 'sandbox_bot', token, canManageBots: process.env.SANDBOX_BOT_MANAGES_BOTS === '1' });
    console.log(`bot @${bot.username} (id ${bot.id}) token ${bot.token}`);
  }
  console.log(`Telegram sandbox listening on ${sandbox.url} (web chat at ${sandbox.url}/, Bot API root ${sandbox.apiRoot})`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the sandbox`);
    void sandbox.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
