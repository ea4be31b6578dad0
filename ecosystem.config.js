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
const { join, resolve } = require('node:path');
const { parseEnv } = require('node:util');

const root = __dirname;
const dotenv = existsSync(join(root, '.env')) ? parseEnv(readFileSync(join(root, '.env'), 'utf8')) : {};
const setting = (name) => process.env[name] ?? dotenv[name] ?? '';
const embedded = setting('MONGODB_URI') === '';
const nodeEnv = setting('NODE_ENV') || 'production';
const logDir = resolve(root, setting('LOG_DIR') || 'logs');

const common = {
  cwd: root,
  exec_mode: 'fork',
  instances: 1,
  autorestart: true,
  pmx: false,
  automation: false,
  vizion: false,
  // Logs: each process writes one line per entry to stdout (JSON in production), so PM2's out
  // file is its log: LOG_DIR/<name>-out.log, stderr (crash traces) in LOG_DIR/<name>-error.log,
  // `pm2 logs <name>` tails both, pm2-logrotate rotates them (docs/runbook.md). No
  // log_date_format, `time` or log_type: PM2 would prefix or wrap each line and break the JSON.
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
            out_file: join(logDir, 'motherbot-db-out.log'),
            error_file: join(logDir, 'motherbot-db-error.log'),
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
      out_file: join(logDir, 'motherbot-out.log'),
      error_file: join(logDir, 'motherbot-error.log'),
      // Ready means: database connected, clones adopted, bot polling (process.send('ready')).
      wait_ready: true,
      listen_timeout: 60000,
      // Long enough to finish in-flight updates and the reconcile pass in progress.
      kill_timeout: 15000,
      exp_backoff_restart_delay: 500,
      max_memory_restart: '400M',
    },
  ],

  /**
   * `pm2 deploy` (docs/deployment.md). Hosts and repository come from the environment or `.env`
   * of the machine you deploy from (DEPLOY_*); the placeholders below are refused by the
   * readiness report. Each target host keeps its own `.env` in `<path>/shared/.env` (secrets never
   * travel with the code); post-deploy links it, builds, migrates, and reloads the mother without
   * dropping updates (`pm2 reload` waits for the new mother's ready signal before stopping the old).
   *
   *   pm2 deploy ecosystem.config.js production setup    # once: clone the repo on the host
   *   pm2 deploy ecosystem.config.js production          # deploy the branch's head
   *   pm2 deploy ecosystem.config.js production revert 1 # back to the previous release
   */
  deploy: Object.fromEntries(
    ['production', 'staging'].map((target) => {
      const env = (name, fallback) => setting(`DEPLOY_${target.toUpperCase()}_${name}`) || fallback;
      return [
        target,
        {
          user: env('USER', 'motherbot'),
          host: env('HOST', `${target}.example.invalid`).split(','),
          ref: env('REF', target === 'production' ? 'origin/main' : 'origin/staging'),
          repo: setting('DEPLOY_REPO') || 'git@example.invalid:you/motherbot.git',
          path: env('PATH', '/srv/motherbot'),
          'pre-deploy-local': 'echo "deploying to ' + target + '"',
          'post-deploy':
            'ln -sf ../shared/.env .env && npm ci && npm run build && npm run migrate && ' +
            '(pm2 reload ecosystem.config.js --update-env || pm2 start ecosystem.config.js) && pm2 save',
          env: { NODE_ENV: 'production' }, // staging differs by its .env only
        },
      ];
    }),
  ),
};
