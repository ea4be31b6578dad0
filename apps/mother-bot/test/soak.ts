/**
 * `npm run soak [-- --minutes N] [-- --clones N]`: a long run (30 minutes by default, not in CI)
 * of the whole platform under steady traffic, sampling the resident memory of the mother and of
 * every clone worker every 10 s, then fitting a line to each series (after a warm-up) and
 * reporting its slope in MB/hour. A slope above SOAK_LEAK_MB_PER_HOUR (default 30) that also
 * grew by more than SOAK_LEAK_MIN_GROWTH_MB (default 15) is a leak: the script exits 1.
 *
 * The platform is the faults suite's (faultHarness.ts beside this file): the compiled
 * mother as its own process, a dedicated FerretDB, clone workers under a private PM2 daemon,
 * the Telegram sandbox. Everything is stopped at the end, and on Ctrl-C.
 * Results: printed, and written to test-artifacts/soak.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FaultPlatform } from './faultHarness';

const args = process.argv.slice(2);
const argOf = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const MINUTES = argOf('minutes', 30);
const CLONES = argOf('clones', 3);
const SAMPLE_MS = argOf('sample-seconds', 10) * 1000;
const LEAK_MB_PER_HOUR = Number(process.env.SOAK_LEAK_MB_PER_HOUR) || 30;
const LEAK_MIN_GROWTH_MB = Number(process.env.SOAK_LEAK_MIN_GROWTH_MB) || 15;
const WARMUP_FRACTION = 0.2;

type Sample = { t: number; rssMb: number; pid: number };

function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Least-squares slope in MB/hour of the samples after the warm-up, and the growth over them. */
export function trend(samples: Sample[]): { slopeMbPerHour: number; growthMb: number; n: number } {
  const start = samples[0]?.t ?? 0;
  const end = samples.at(-1)?.t ?? 0;
  const kept = samples.filter((s) => s.t >= start + (end - start) * WARMUP_FRACTION);
  const n = kept.length;
  if (n < 3) return { slopeMbPerHour: 0, growthMb: 0, n };
  const xs = kept.map((s) => (s.t - start) / 3_600_000);
  const ys = kept.map((s) => s.rssMb);
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i += 1) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  const slope = den === 0 ? 0 : num / den;
  return { slopeMbPerHour: slope, growthMb: slope * (xs[n - 1]! - xs[0]!), n };
}

async function main(): Promise<void> {
  const platform = new FaultPlatform();
  let stopping = false;
  const cleanup = async () => {
    if (stopping) return;
    stopping = true;
    await platform.close().catch((error: unknown) => console.error('cleanup failed', error));
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanup().then(() => process.exit(143)));

  try {
    console.log(`soak: ${MINUTES} min, ${CLONES} clones, memory sampled every ${SAMPLE_MS / 1000} s`);
    await platform.start();
    const sb = platform.sandbox;
    const mother = platform.motherBot.id;
    const owner = sb.createUser({ firstName: 'Soak owner' });
    // Enough users that none of them passes USER_RATE_PER_MINUTE (each writes every ~10 s).
    const users = Array.from({ length: 200 }, (_, i) => sb.createUser({ firstName: `User ${i}` }));
    const bots: Array<{ id: number }> = [];
    const ask = async (userId: number, botId: number, text: string, timeoutMs = 20_000) => {
      const after = sb.cursor();
      await sb.sendText(userId, botId, text);
      return sb.waitForBotMessage({ chatId: userId, botRef: botId, after, timeoutMs }).catch(() => undefined);
    };
    for (let i = 0; i < CLONES; i += 1) {
      const bot = sb.createBot({ username: `soak_clone_${i}_bot` });
      await ask(owner.id, mother, '/new');
      await ask(owner.id, mother, bot.token);
      bots.push(bot);
    }
    const deadline = Date.now() + 60_000;
    while ((await platform.workers()).filter((w) => w.status === 'online').length < CLONES) {
      if (Date.now() > deadline) throw new Error('clone workers did not come online');
      await new Promise((r) => setTimeout(r, 500));
    }
    // A file per clone, so users can open share links.
    const codes = new Map<number, string>();
    for (const bot of bots) {
      const after = sb.cursor();
      await sb.sendFile(owner.id, bot.id, { kind: 'document', fileName: 'soak.pdf', content: Buffer.from('soak') });
      const reply = await sb.waitForBotMessage({ chatId: owner.id, botRef: bot.id, after, timeoutMs: 20_000 }).catch(() => undefined);
      const code = /\?start=([A-Za-z0-9_-]+)/.exec(String((reply as { text?: string } | undefined)?.text ?? ''))?.[1];
      if (code) codes.set(bot.id, code);
    }

    const series = new Map<string, Sample[]>();
    const record = (name: string, pid: number | undefined) => {
      if (!pid) return;
      const mb = rssMb(pid);
      if (mb === undefined) return;
      let list = series.get(name);
      if (!list) series.set(name, (list = []));
      list.push({ t: Date.now(), rssMb: mb, pid });
    };
    const sample = async () => {
      record('mother', platform.mother?.pid);
      for (const w of await platform.workers().catch(() => [])) record(w.name, w.pid ?? undefined);
    };

    let requests = 0;
    let answered = 0;
    const end = Date.now() + MINUTES * 60_000;
    let tick = 0;
    // Sampling runs on its own timer, so a slow reply never delays a sample.
    const sampler = setInterval(() => {
      void sample().then(() => {
        const m = series.get('mother')?.at(-1);
        process.stdout.write(`\r${new Date().toISOString()} requests ${requests} answered ${answered} mother ${m ? m.rssMb.toFixed(1) : '?'} MB   `);
      });
    }, SAMPLE_MS);
    await sample();
    while (Date.now() < end) {
      // Steady traffic: users open links and say /start to clones, owners look at the mother.
      const batch = Array.from({ length: 5 }, () => {
        tick += 1;
        const user = users[tick % users.length]!;
        const bot = bots[tick % bots.length]!;
        requests += 1;
        const code = codes.get(bot.id);
        const text = tick % 3 === 0 && code ? `/start ${code}` : tick % 7 === 0 ? '/help' : '/start';
        return (tick % 101 === 0 ? ask(owner.id, mother, tick % 2 ? '/clones' : '/start') : ask(user.id, bot.id, text)).then((r) => void (r && (answered += 1)));
      });
      await Promise.all(batch);
      await new Promise((r) => setTimeout(r, 200));
    }
    clearInterval(sampler);
    await sample();
    process.stdout.write('\n');

    const results = [...series].map(([name, samples]) => {
      // A worker PM2 restarted starts a new series: judge the longest run of one pid.
      const byPid = new Map<number, Sample[]>();
      for (const s of samples) byPid.set(s.pid, [...(byPid.get(s.pid) ?? []), s]);
      const longest = [...byPid.values()].sort((a, b) => b.length - a.length)[0]!;
      const t = trend(longest);
      const leak = t.slopeMbPerHour > LEAK_MB_PER_HOUR && t.growthMb > LEAK_MIN_GROWTH_MB;
      return { process: name, samples: longest.length, pids: byPid.size, firstMb: +longest[0]!.rssMb.toFixed(1), lastMb: +longest.at(-1)!.rssMb.toFixed(1), slopeMbPerHour: +t.slopeMbPerHour.toFixed(2), growthMb: +t.growthMb.toFixed(1), leak };
    });
    console.table(results);
    console.log(`requests ${requests}, answered ${answered}; leak rule: slope > ${LEAK_MB_PER_HOUR} MB/h and growth > ${LEAK_MIN_GROWTH_MB} MB after ${WARMUP_FRACTION * 100}% warm-up`);
    const out = join(__dirname, '..', '..', '..', 'test-artifacts');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'soak.json'), JSON.stringify({ minutes: MINUTES, clones: CLONES, sampleMs: SAMPLE_MS, requests, answered, results }, null, 2));
    await cleanup();
    process.exit(results.some((r) => r.leak) ? 1 : 0);
  } catch (error) {
    console.error('soak failed:', error);
    await cleanup();
    process.exit(2);
  }
}

void main();
