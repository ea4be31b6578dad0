#!/usr/bin/env node
'use strict';
/**
 * The baseline: what a user would otherwise run — a minimal Telegraf + Mongoose bot, one process
 * per bot. It does the same work per update as a clone's two measured handlers, without our
 * features: `/start` reads one settings document and replies; `/start <code>` reads the file
 * document and sends it by file_id. Environment: BOT_TOKEN, TELEGRAM_API_ROOT, MONGODB_URI,
 * DATABASE_NAME. Sends 'ready' to its parent (PM2 `wait_ready`, or a spawn with IPC) once polling.
 */
const { Telegraf } = require('telegraf');
const mongoose = require('mongoose');

async function main() {
  const conn = await mongoose
    .createConnection(process.env.MONGODB_URI, { dbName: process.env.DATABASE_NAME || 'bare', maxPoolSize: 2, autoIndex: false })
    .asPromise();
  const Settings = conn.model('Settings', new mongoose.Schema({ _id: String, welcomeText: String }, { versionKey: false }), 'settings');
  const File = conn.model('File', new mongoose.Schema({ _id: String, kind: String, fileId: String }, { versionKey: false }), 'files');
  const bot = new Telegraf(process.env.BOT_TOKEN, { telegram: { apiRoot: process.env.TELEGRAM_API_ROOT } });
  bot.start(async (ctx) => {
    if (ctx.payload) {
      const file = await File.findOne({ _id: ctx.payload }).lean();
      if (!file) return void (await ctx.reply('This link is not valid.'));
      await ctx.sendDocument(file.fileId);
      return;
    }
    const settings = await Settings.findOne({ _id: 'settings' }).lean();
    await ctx.reply((settings && settings.welcomeText) || 'Hello!');
  });
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
}

main().catch((error) => {
  process.stderr.write(`bare bot failed: ${error && error.stack}\n`);
  process.exit(1);
});
