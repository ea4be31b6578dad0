import type { AppConfig } from '@motherbot/core';
import { telegramErrorCode } from '@motherbot/bot-kit';

/**
 * What an operator should check when a start-up step of the mother fails: one clause each,
 * naming the setting or the command that shows the cause. The list in docs/troubleshooting.md
 * ("Start-up steps") follows this file.
 */
export function motherStartupHints(config: AppConfig, pm2Home: string) {
  const telegram = (error: unknown): string => {
    const code = telegramErrorCode(error);
    if (code === 401 || code === 404) return 'BOT_TOKEN: Telegram does not know this token (mistyped, or revoked in @BotFather)';
    if (code === 409) return 'another process polls with BOT_TOKEN (a second mother, or a webhook set elsewhere): stop it';
    return `that TELEGRAM_API_ROOT (${config.telegramApiRoot}) answers from this host (network, proxy, firewall)`;
  };
  return {
    database: 'that the database runs and MONGODB_URI points at it (embedded: `pm2 logs motherbot-db`, EMBEDDED_DB_PORT)',
    migrations: 'the migration it names (docs/operations/migrations.md); a lock left by a killed migrator expires after 10 minutes',
    pm2: `that the PM2 home ${pm2Home} is a writable folder and its daemon answers (\`PM2_HOME=${pm2Home} npx pm2 ls\`, ${pm2Home}/pm2.log)`,
    telegram,
    monitoring: 'that the database answers (monitoring reads it at start)',
    'status server': `that HTTP_PORT ${config.httpPort} on HTTP_HOST ${config.httpHost} is free (the bots run without the status server)`,
    'clone adoption': `that PM2 answers (\`PM2_HOME=${pm2Home} npx pm2 ls\`) and the database too; the lines above name the clone`,
    services: 'that the database answers (plans, reminders and broadcasts start from it)',
    polling: telegram,
    webhook: (error: unknown): string =>
      telegramErrorCode(error) === 400 ? `that WEBHOOK_BASE_URL (${config.webhookBaseUrl}) is an address Telegram accepts (https, a public host)` : telegram(error),
    'webhook ingress': `that WEBHOOK_PORT ${config.webhookPort} on WEBHOOK_HOST ${config.webhookHost} is free`,
  };
}
