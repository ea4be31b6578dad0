#!/usr/bin/env node
'use strict';
/**
 * The second baseline, "the peer's way": a bare Telegraf + Mongoose bot that records users and
 * deliveries the way the usual open-source file-store bots do (VJ-File-Store and kin, translated
 * from their Python): on every update, `findOne({id})` in `users` and an insert when the user is
 * new; a file link is `findOne({code})` in `files`, `sendDocument`, then an `insertOne` into a
 * delivery log; `/stats` is `countDocuments` on each collection. Indexes on `id` and `code` are
 * declared, as a careful bot of that kind would. Everything is awaited in the handler, one update
 * after another, as those bots do.
 * Start-up, stop and environment: runBaseline.js.
 */
const mongoose = require('mongoose');
const { runBaseline } = require('./runBaseline');

runBaseline('peer', async (conn, bot) => {
  const opts = { versionKey: false };
  const User = conn.model('User', new mongoose.Schema({ id: { type: Number, index: true }, name: String, username: String, joined: Date }, opts), 'users');
  const File = conn.model(
    'File',
    new mongoose.Schema({ code: { type: String, index: true }, file_id: String, file_name: String, file_size: Number, mime_type: String, caption: String, created_at: Date }, opts),
    'files',
  );
  const Delivery = conn.model('Delivery', new mongoose.Schema({ user_id: Number, code: String, date: Date }, opts), 'deliveries');
  await Promise.all([User.createIndexes(), File.createIndexes()]);

  // Every update: is this user known? If not, remember them (the broadcast audience and /stats).
  bot.use(async (ctx, next) => {
    if (ctx.from) {
      const known = await User.findOne({ id: ctx.from.id }).lean();
      if (!known) await User.create({ id: ctx.from.id, name: ctx.from.first_name, username: ctx.from.username || null, joined: new Date() });
    }
    return next();
  });
  bot.start(async (ctx) => {
    if (ctx.payload) {
      const file = await File.findOne({ code: ctx.payload }).lean();
      if (!file) return void (await ctx.reply('This link is not valid.'));
      await ctx.sendDocument(file.file_id, file.caption ? { caption: file.caption } : {});
      await Delivery.create({ user_id: ctx.from.id, code: ctx.payload, date: new Date() });
      return;
    }
    await ctx.reply(`Hello ${ctx.from.first_name}! Send me a share link to get your file.`);
  });
  bot.command('stats', async (ctx) => {
    const [users, files, deliveries] = await Promise.all([User.countDocuments(), File.countDocuments(), Delivery.countDocuments()]);
    await ctx.reply(`Users: ${users}\nFiles: ${files}\nDeliveries: ${deliveries}`);
  });
});
