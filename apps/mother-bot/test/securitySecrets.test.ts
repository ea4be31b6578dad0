import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runBackupJob } from '../src/ops/backupJob';
import { MASTER_KEY, PlatformHarness } from './harness';

/**
 * Secrets audit after a full scenario: create a clone from a pasted token, use it,
 * rotate its token, pay for it in Stars, kill -9 its worker (PM2 restarts it), restart the
 * mother, back everything up. Then every place a secret could leak is read byte by byte for
 * any bot token (old and new) and the MASTER_KEY: the logs (mother and PM2's), PM2's home
 * (process list, `pm2 env`, the dump after `pm2 save`, every file in it), the environment and
 * arguments of every worker and of the PM2 daemon (/proc), the backups (encrypted), the
 * runtime files, and every chat transcript the sandbox holds.
 *
 * Transcripts: the owner pastes a token into the chat, so the sandbox, which never forgets,
 * holds it. The rule checked is Telegram's: a message that carries a secret must be one the
 * user sent and the mother deleted (`deleted: true`); no bot message may ever carry one.
 */
describe('secrets after a full scenario', () => {
  const h = new PlatformHarness();
  const secrets: Array<{ name: string; value: string }> = [{ name: 'MASTER_KEY', value: MASTER_KEY }];
  let owner: { id: number };
  let fan: { id: number };
  let cloneBot: { id: number; token: string; username: string };
  let cloneId: string;

  const say = async (userId: number, botRef: number, text: string, expect: RegExp, timeoutMs = 20_000) => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(userId, botRef, text);
    return h.sandbox.waitForBotMessage({ chatId: userId, botRef, after, timeoutMs, predicate: (m) => expect.test(String((m as { text?: string }).text ?? '')) });
  };
  const worker = async () => (await h.workers()).find((p) => p.name === `clone-${cloneId}`);

  beforeAll(async () => {
    await h.start({ USER_RATE_PER_MINUTE: '1000' });
    secrets.push({ name: 'mother token', value: h.motherBot.token });
    owner = h.sandbox.createUser({ firstName: 'Sam' });
    fan = h.sandbox.createUser({ firstName: 'Fan' });
    cloneBot = h.sandbox.createBot({ username: 'sam_secret_files_bot' });
    secrets.push({ name: 'clone token (first)', value: cloneBot.token });
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('runs the scenario: create, use, rotate, pay, crash, restart, back up', async () => {
    await say(owner.id, h.motherBot.id, '/new', /Send me the token/);
    await say(owner.id, h.motherBot.id, cloneBot.token, /is now your clone/);
    cloneId = (await h.mother!.models.Clone.findOne({ botId: cloneBot.id }).lean())!._id;
    await h.until('worker online', async () => (await worker())?.status === 'online', 30_000);
    await say(fan.id, cloneBot.id, '/start', /Hello Fan/);

    // Rotate: the token leaked, the owner revokes it at @BotFather and gives the mother the new one.
    const newToken = h.sandbox.revokeToken(cloneBot.id);
    cloneBot = { ...cloneBot, token: newToken };
    secrets.push({ name: 'clone token (rotated)', value: newToken });
    const card = await say(owner.id, h.motherBot.id, '/clones', /Your clones/);
    await (await h.sandbox.pressButton(owner.id, h.motherBot.id, card.message_id, `c:tok:${cloneId}`, { force: true })).answer;
    // The card is edited into the prompt (the conversation step is stored before that edit).
    await h.until('token prompt', () => h.sandbox.transcript(owner.id, h.motherBot.id).some((e) => e.messageId === card.message_id && /Send me the new token/.test(String(e.message.text))));
    await say(owner.id, h.motherBot.id, newToken, /New token saved/);
    await h.until('worker on the new token', async () => {
      const clone = await h.mother!.models.Clone.findById(cloneId).lean();
      const p = await worker();
      return clone?.status === 'running' && p?.status === 'online' && p.startedAt >= (clone.tokenUpdatedAt?.getTime() ?? 0);
    }, 90_000); // generous: under a loaded machine (test:security runs two suites at once) a restart takes longer
    await say(fan.id, cloneBot.id, '/start', /Hello Fan/);

    // Pay.
    const list = await say(owner.id, h.motherBot.id, '/clones', /Your clones/);
    const beforeInvoice = h.sandbox.cursor();
    await (await h.sandbox.pressButton(owner.id, h.motherBot.id, list.message_id, `p:${cloneId}:m1`, { force: true })).answer;
    const invoice = await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: h.motherBot.id, after: beforeInvoice, timeoutMs: 10_000, predicate: (m) => Boolean((m as { invoice?: unknown }).invoice) });
    expect((await h.sandbox.payInvoice(owner.id, h.motherBot.id, invoice.message_id)).status).toBe('paid');
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: h.motherBot.id, predicate: (m) => /Payment received/.test(String((m as { text?: string }).text)) });

    // Crash the worker; PM2 brings it back.
    const before = (await worker())!;
    process.kill(before.pid!, 'SIGKILL');
    await h.until('worker restarted', async () => {
      const p = await worker();
      return p?.status === 'online' && p.pid !== before.pid;
    }, 30_000);

    // Restart the mother; the worker is adopted.
    await h.stopMother();
    await h.startMother();
    await say(fan.id, cloneBot.id, '/start', /Hello Fan/, 30_000);
    await say(owner.id, h.motherBot.id, '/start', /I run your own copy/);

    // Back up every database (encrypted), as /backup and `npm run backup` do.
    const result = await runBackupJob({ client: h.mother!.connection.getClient(), config: h.config });
    expect(result.verification?.ok).not.toBe(false);
  }, 300_000);

  it('finds no token and no MASTER_KEY in logs, PM2, /proc, backups, runtime files', async () => {
    const leaks: string[] = [];
    const scan = (where: string, content: Buffer | string) => {
      const text = typeof content === 'string' ? content : content.toString('latin1');
      for (const s of secrets) if (text.includes(s.value)) leaks.push(`${s.name} in ${where}`);
    };
    const walk = (dir: string, out: string[] = []): string[] => {
      if (!existsSync(dir)) return out;
      for (const f of readdirSync(dir)) {
        const path = join(dir, f);
        const st = statSync(path);
        if (st.isDirectory()) walk(path, out);
        else if (st.isFile()) out.push(path);
      }
      return out;
    };

    // PM2: the list, the env of each process, the dump after `pm2 save`, and every file in its home (logs, pids, dump).
    const pm2Bin = join(require.resolve('pm2/package.json'), '..', 'bin', 'pm2');
    const env = { ...process.env, PM2_HOME: h.pm2Home };
    scan('pm2 jlist', execFileSync(process.execPath, [pm2Bin, 'jlist'], { env }));
    const procs = await h.workers();
    expect(procs.length).toBe(1);
    for (const p of procs) scan(`pm2 env ${p.pmId}`, execFileSync(process.execPath, [pm2Bin, 'env', String(p.pmId)], { env }));
    execFileSync(process.execPath, [pm2Bin, 'save', '--force'], { env });
    const pm2Files = walk(h.pm2Home).filter((f) => !f.endsWith('.sock'));
    expect(pm2Files.some((f) => f.endsWith('dump.pm2'))).toBe(true);
    for (const f of pm2Files) scan(f, readFileSync(f));

    // /proc of every worker and of the PM2 daemon.
    const pids = procs.map((p) => p.pid!).filter(Boolean);
    const daemonPid = Number(readFileSync(join(h.pm2Home, 'pm2.pid'), 'utf8'));
    for (const pid of [...pids, daemonPid]) {
      scan(`/proc/${pid}/environ`, readFileSync(`/proc/${pid}/environ`));
      scan(`/proc/${pid}/cmdline`, readFileSync(`/proc/${pid}/cmdline`));
    }

    // The mother's logs, the data dir (runtime files, backups: encrypted, so raw bytes; gzip members unpacked too).
    const files = [...walk(h.config.logDir), ...walk(h.config.dataDir)];
    const backups = files.filter((f) => f.includes('backup'));
    expect(backups.length).toBeGreaterThan(0);
    for (const f of files) {
      const raw = readFileSync(f);
      scan(f, raw);
      if (raw[0] === 0x1f && raw[1] === 0x8b) {
        try {
          scan(`${f} (gunzipped)`, gunzipSync(raw));
        } catch {
          // not a whole gzip member
        }
      }
    }
    expect(leaks).toEqual([]);
  }, 60_000);

  it('finds secrets in chat transcripts only in messages the user sent and the mother deleted', async () => {
    const leaks: string[] = [];
    let deletedTokenMessages = 0;
    for (const user of h.sandbox.users()) {
      for (const c of h.sandbox.conversationsOf(user.id)) {
        for (const e of h.sandbox.transcript(c.chatId, c.botId)) {
          const text = JSON.stringify([e.message, e.history]);
          for (const s of secrets) {
            if (!text.includes(s.value)) continue;
            if (e.direction === 'user' && e.deleted) deletedTokenMessages += 1;
            else leaks.push(`${s.name} in a ${e.direction} message${e.deleted ? ' (deleted)' : ''} of chat ${c.chatId} with bot ${c.botId}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(deletedTokenMessages).toBe(2); // the first token and the rotated one, both deleted by the mother
  });
});
