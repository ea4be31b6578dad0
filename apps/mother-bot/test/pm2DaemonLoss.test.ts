import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '@test-support/waitUntil';
import { Pm2Client, Pm2Error } from '../src/cloneManager/pm2Client';

/**
 * A real daemon in a private home, killed with -9 while the client talks to it. PM2's own client
 * never answers such a call; ours must fail it within its timeout so the reconcile pass can
 * reconnect (which spawns a new daemon) instead of waiting for good.
 */
describe('PM2 client when its daemon dies', () => {
  const home = mkdtempSync(join(tmpdir(), 'pm2loss-'));
  const client = new Pm2Client(home, { callMs: 1500 });

  afterAll(async () => {
    await client.shutdownDaemon().catch(() => undefined);
    rmSync(home, { recursive: true, force: true });
  });

  it('fails calls to a killed daemon with a Pm2Error, and reconnecting brings a new daemon that answers', async () => {
    await client.connect();
    expect(await client.list()).toEqual([]);
    const oldPid = client.daemonPid()!;
    expect(oldPid).toBeGreaterThan(0);

    process.kill(oldPid, 'SIGKILL');
    const gone = (): boolean => {
      try {
        process.kill(oldPid, 0);
        return false;
      } catch {
        return true;
      }
    };
    await waitUntil('the daemon is gone', gone, 10_000);
    const after = client.list();
    await expect(after).rejects.toBeInstanceOf(Pm2Error);
    await expect(after).rejects.toThrow(/no answer from the PM2 daemon within 1500 ms/);

    await client.reconnect();
    const newPid = client.daemonPid();
    expect(newPid).toBeDefined();
    expect(newPid).not.toBe(oldPid);
    expect(await client.list()).toEqual([]);
  }, 60_000);
});
