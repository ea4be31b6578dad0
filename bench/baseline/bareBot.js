#!/usr/bin/env node
'use strict';
/**
 * The baseline: what a user would otherwise run — a minimal Telegraf + Mongoose bot, one process
 * per bot. It does the same work per update as a clone's two measured handlers, without our
 * features: `/start` reads one settings document and replies; `/start <code>` reads the file
 * document and sends it by file_id. Start-up, stop and environment: runBaseline.js.
 */
const mongoose = require('mongoose');
const { runBaseline } = require('./runBaseline');

runBaseline('bare', (conn, bot) => {
  const Settings = conn.model('Settings', new mongoose.Schema({ _id: String, welcomeText: String }, { versionKey: false }), 'settings');
  const File = conn.model('File', new mongoose.Schema({ _id: String, kind: String, fileId: String }, { versionKey: false }), 'files');
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
});
