#!/usr/bin/env node
/*
 * Measures what a Ctrl-C costs the next `npm start`: the compiled launcher is started on a
 * fresh data directory, stopped with SIGINT sent to its whole process group (what a terminal's
 * Ctrl-C does), started again on the same data, and a clone is created in the sandbox. The
 * figure is the time from sending the token to the mother until the new clone's worker answers
 * /start. A mother that could not release the clone-manager lease on Ctrl-C makes the second
 * start wait for the lease to expire (3 reconcile intervals) before it starts any worker.
 *
 *   npx tsc --build && node scripts/measure-restart-clone-start.js [runs]
 *   (LAUNCHER_UNDER_TEST=<another build's dist/launcher/devLauncher.js> measures that build)
 */
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const repo = join(__dirname, '..');
const launcherScript = process.env.LAUNCHER_UNDER_TEST ?? join(repo, 'apps/mother-bot/dist/launcher/devLauncher.js');
const ADMIN = 4242;

const { findFreePort: freePort } = require('@motherbot/core');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts the launcher in its own process group (as a shell starts a foreground job). */
function startLauncher(dir, ports) {
  const child = spawn(process.execPath, [launcherScript], {
    cwd: dir,
    detached: true,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      DATA_DIR: join(dir, 'data'),
      LOG_DIR: join(dir, 'logs'),
      SANDBOX_PORT: String(ports.sandbox),
      EMBEDDED_DB_PORT: String(ports.db),
      HTTP_PORT: '0',
      ADMIN_IDS: String(ADMIN),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { child, output: '' };
  child.stdout.on('data', (d) => (state.output += d.toString()));
  child.stderr.on('data', (d) => (state.output += d.toString()));
  state.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return state;
}

async function waitFor(state, text, ms) {
  const deadline = Date.now() + ms;
  while (!state.output.includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${ms} ms:\n${state.output}`);
    await sleep(100);
  }
}

async function api(port, method, path, body) {
  const res = await fetch(`http://127.0.0.1:${port}/_sandbox/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!json.ok) throw new Error(`${path}: ${json.error}`);
  return json.result;
}

/** Seconds from sending a new bot's token to the mother until its worker answers /start. */
async function tokenToAnsweringWorker(port, username, owner) {
  // A new owner each time: one free trial per owner.
  await api(port, 'POST', 'users', { id: owner, firstName: `Owner ${owner}` });
  // Ids of its own: a new sandbox numbers its bots from the same first id again.
  const bot = await api(port, 'POST', 'bots', { username, token: `${7_100_000_000 + owner}:${`measureRestartCloneStart${owner}`.padEnd(35, "x")}` });
  await api(port, 'POST', 'messages', { userId: owner, bot: 'mother_bot', text: '/new' });
  await api(port, 'GET', `wait?chatId=${owner}&bot=mother_bot&timeoutMs=10000&textIncludes=token`);
  const t0 = performance.now();
  await api(port, 'POST', 'messages', { userId: owner, bot: 'mother_bot', text: bot.token });
  for (;;) {
    if (performance.now() - t0 > 120_000) {
      const chat = await api(port, 'GET', `wait?chatId=${owner}&bot=mother_bot&timeoutMs=1&textIncludes=%00`).catch((e) => e.message);
      throw new Error(`the clone did not answer within 120 s; the mother said: ${chat}`);
    }
    await api(port, 'POST', 'messages', { userId: owner, bot: bot.username, text: '/start' });
    try {
      await api(port, 'GET', `wait?chatId=${owner}&bot=${bot.username}&timeoutMs=1000&textIncludes=Hello`);
      return (performance.now() - t0) / 1000;
    } catch {
      // not up yet: ask again
    }
  }
}

async function stopWithCtrlC(state) {
  process.kill(-state.child.pid, 'SIGINT');
  return state.exited;
}

async function run(index) {
  const dir = mkdtempSync(join(tmpdir(), 'restart-clone-'));
  const ports = { sandbox: await freePort(), db: await freePort() };
  const launchers = [];
  try {
    const first = startLauncher(dir, ports);
    launchers.push(first);
    await waitFor(first, 'ready.', 60_000);
    const firstClone = await tokenToAnsweringWorker(ports.sandbox, `first_${index}_bot`, 5001);
    const firstExit = await stopWithCtrlC(first);
    const second = startLauncher(dir, ports);
    launchers.push(second);
    await waitFor(second, 'ready.', 60_000);
    const afterCtrlC = await tokenToAnsweringWorker(ports.sandbox, `second_${index}_bot`, 5002);
    const secondExit = await stopWithCtrlC(second);
    rmSync(dir, { recursive: true, force: true });
    return { firstClone, afterCtrlC, firstExit, secondExit };
  } catch (error) {
    // Leave the data and logs for a look; stop whatever still runs.
    for (const launcher of launchers) {
      if (launcher.child.exitCode === null && launcher.child.signalCode === null) {
        process.kill(-launcher.child.pid, 'SIGTERM');
        await launcher.exited;
      }
    }
    console.error(`failed; data and logs kept in ${dir}\n${launchers.map((l) => l.output).join('\n----\n')}`);
    throw error;
  }
}

(async () => {
  const runs = Number(process.argv[2] ?? 1);
  for (let i = 0; i < runs; i += 1) {
    const r = await run(i);
    console.log(
      `run ${i + 1}: clone on a fresh start ${r.firstClone.toFixed(1)} s; clone after Ctrl-C and a new start ${r.afterCtrlC.toFixed(1)} s` +
        ` (launcher exits: ${JSON.stringify(r.firstExit)}, ${JSON.stringify(r.secondExit)})`,
    );
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
