/**
 * How operators run the platform under PM2:
 *
 *   npm ci && npm run build && npm run db:build   # once, and after every upgrade
 *   pm2 start ecosystem.config.js                 # the mother (and the embedded database)
 *   pm2 save && pm2 startup                       # come back after a reboot
 *
 * `pm2 ls` then shows `motherbot` (the mother), `motherbot-db` (only when MONGODB_URI is empty)
 * and one `clone-<id>` per clone in namespace `clones`, started by the mother itself.
 * Stopping or restarting the mother never stops the clones; the next mother adopts them.
 *
 * No secret belongs in this file or in PM2's environment: the processes read them from `.env`
 * beside this file (see .env.example), so they never show in `pm2 env` or PM2's dump.
 */
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseEnv } = require('node:util');

const root = __dirname;
const dotenv = existsSync(join(root, '.env')) ? parseEnv(readFileSync(join(root, '.env'), 'utf8')) : {};
const setting = (name) => process.env[name] ?? dotenv[name] ?? '';
const embedded = setting('MONGODB_URI') === '';
const nodeEnv = setting('NODE_ENV') || 'production';

const common = {
  cwd: root,
  exec_mode: 'fork',
  instances: 1,
  autorestart: true,
  pmx: false,
  automation: false,
  vizion: false,
  merge_logs: true,
  // Only what is not secret; everything else comes from .env.
  filter_env: true,
  env: {
    NODE_ENV: nodeEnv,
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    // The mother must talk to the daemon that runs it: the same PM2 home.
    ...(process.env.PM2_HOME ? { PM2_HOME: process.env.PM2_HOME } : {}),
  },
};

module.exports = {
  apps: [
    ...(embedded
      ? [
          {
            ...common,
            name: 'motherbot-db',
            script: 'packages/core/dist/db/embeddedDatabaseCli.js',
            wait_ready: true,
            listen_timeout: 30000,
            kill_timeout: 10000,
            exp_backoff_restart_delay: 500,
          },
        ]
      : []),
    {
      ...common,
      name: 'motherbot',
      script: 'apps/mother-bot/dist/main.js',
      // Ready means: database connected, clones adopted, bot polling (process.send('ready')).
      wait_ready: true,
      listen_timeout: 60000,
      // Long enough to finish in-flight updates and the reconcile pass in progress.
      kill_timeout: 15000,
      exp_backoff_restart_delay: 500,
      max_memory_restart: '400M',
    },
  ],
};
