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
 * Upgrades restart the mother alone: `bash scripts/reload-mother.sh` (what `pm2 deploy` runs).
 * In fork mode `pm2 reload` is a restart, not an overlap: the old mother stops, then the new one
 * starts; updates sent in between wait at Telegram and are answered once, by the new one
 * (docs/deployment.md gives the measured gap).
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

const fromShell = ['MONGODB_URI', 'LOG_DIR', 'FERRETDB_BIN', 'FERRETDB_CACHE_DIR', 'XDG_CACHE_HOME'];

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
  // Only what is not secret; everything else comes from .env. `['']` drops every inherited
  // variable; PM2 7 ignores `filter_env: true` and would pass on the whole shell of `pm2 start`.
  filter_env: [''],
  env: {
    NODE_ENV: nodeEnv,
    // From the shell only what this file decided on (MONGODB_URI, LOG_DIR) and where the
    // database build put FerretDB, so the processes agree with it. (A MONGODB_URI exported in
    // the shell therefore shows in `pm2 env`: keep it in .env.)
    ...Object.fromEntries(fromShell.filter((name) => process.env[name]).map((name) => [name, process.env[name]])),
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
      // On SIGINT the mother stops polling, finishes the updates in flight and exits by itself
      // within its shutdown deadline (20 s, runtime/shutdown.ts), logging why if it had to cut
      // short. PM2 must not SIGKILL it first: 5 s more for the logs to flush and the exit.
      kill_timeout: 25000,
      exp_backoff_restart_delay: 500,
      max_memory_restart: '400M',
    },
  ],

  /**
   * `pm2 deploy` (docs/deployment.md). Hosts and repository come from the environment or `.env`
   * of the machine you deploy from (DEPLOY_*); the placeholders below are refused by the
   * readiness report. Each target host keeps its own `.env` in `<path>/shared/.env` (secrets never
   * travel with the code); post-deploy links it, builds, migrates, and restarts the mother alone
   * (scripts/reload-mother.sh: `motherbot-db` only started if it does not run, clones untouched).
   * The mother does not answer for a second or two (old one stopping, new one starting; measured in
   * docs/deployment.md); updates sent meanwhile wait at Telegram and none is lost or answered twice.
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
            'ln -sf ../shared/.env .env && npm ci && npm run build && npm run migrate && bash scripts/reload-mother.sh',
          env: { NODE_ENV: 'production' }, // staging differs by its .env only
        },
      ];
    }),
  ),
};
