'use strict';
/**
 * What both baseline bots share, so that they differ only in their handlers: a Mongoose
 * connection (pool of 2, as a clone's), a Telegraf bot on TELEGRAM_API_ROOT, a clean stop on
 * SIGINT/SIGTERM, and 'ready' to the parent (PM2 `wait_ready`, or a spawn with IPC) once polling.
 * Environment: BOT_TOKEN, TELEGRAM_API_ROOT, MONGODB_URI, DATABASE_NAME.
 */
const { Telegraf } = require('telegraf');
const mongoose = require('mongoose');

/** Connects, lets `setup(conn, bot)` add models and handlers, then polls until stopped. */
function runBaseline(name, setup) {
  const main = async () => {
    const conn = await mongoose
      .createConnection(process.env.MONGODB_URI, { dbName: process.env.DATABASE_NAME || name, maxPoolSize: 2, autoIndex: false })
      .asPromise();
    const bot = new Telegraf(process.env.BOT_TOKEN, { telegram: { apiRoot: process.env.TELEGRAM_API_ROOT } });
    await setup(conn, bot);
    bot.catch((error) => process.stderr.write(`update failed: ${error && error.message}\n`));
    const stop = (signal) => {
      try {
        bot.stop(signal);
      } catch {
        // not polling yet
      }
      void conn.close().finally(() => process.exit(0));
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    await bot.launch({ dropPendingUpdates: false }, () => {
      if (process.send) process.send('ready');
    });
  };
  main().catch((error) => {
    process.stderr.write(`${name} bot failed: ${error && error.stack}\n`);
    process.exit(1);
  });
}

module.exports = { runBaseline };
