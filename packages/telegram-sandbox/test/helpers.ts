/** Shared test plumbing: a started sandbox, real Telegraf bots, raw Bot API calls, cleanup. */
import { Telegraf } from 'telegraf';
import { TelegramSandbox, type SandboxOptions } from '../src';

export interface Harness {
  sb: TelegramSandbox;
  /** A Telegraf bot for `token`, stopped by `close()`. */
  telegraf(token: string): Telegraf;
  /** Launches a Telegraf bot and resolves once it polls; stopped by `close()`. */
  launch(bot: Telegraf): Promise<void>;
  api(token: string, method: string, params?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startHarness(options: SandboxOptions = {}): Promise<Harness> {
  const sb = new TelegramSandbox(options);
  await sb.start();
  const bots: Telegraf[] = [];
  const launched = new Set<Telegraf>();
  const launches: Promise<unknown>[] = [];
  return {
    sb,
    telegraf(token) {
      const bot = new Telegraf(token, { telegram: { apiRoot: sb.apiRoot } });
      bots.push(bot);
      return bot;
    },
    launch(bot) {
      return new Promise<void>((resolve, reject) => {
        const run = bot.launch(() => { launched.add(bot); resolve(); });
        launches.push(run.catch(() => undefined));
        run.catch(reject);
      });
    },
    async api(token, method, params) {
      const res = await fetch(`${sb.apiRoot}/bot${token}/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(params ?? {}),
      });
      return { status: res.status, body: await res.json() };
    },
    async close() {
      for (const bot of launched) {
        try { bot.stop('test over'); } catch { /* its launch already failed (401/409) */ }
      }
      await Promise.all(launches);
      await sb.stop();
    },
  };
}
