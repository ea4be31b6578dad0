import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitUntil } from '@test-support/waitUntil';
import { Pm2Client } from '../src/cloneManager/pm2Client';
import { LAUNCHER, LauncherProcess, createAnsweringClone, daemonPidOf, isAlive, leftovers, processesMentioning, workerPids } from './launcherProcess';

/**
 * The newcomer's `npm start`: the compiled launcher comes up on the embedded database and the
 * sandbox, a user creates a clone through the sandbox's HTTP control API, and however the
 * launcher ends (SIGTERM, Ctrl-C twice, SIGKILL, npm's shell gone) no process is left behind:
 * database, PM2 daemon, clone worker, watchdog.
 */
describe('npm start (dev launcher)', () => {
  const dirs: string[] = [];
  const launchers: LauncherProcess[] = [];
  const newDir = (prefix: string): string => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  const launch = (dir: string, env: Record<string, string> = {}, command?: string[]): LauncherProcess => {
    const launcher = new LauncherProcess(dir, env, command);
    launchers.push(launcher);
    return launcher;
  };
  const operatorHome = mkdtempSync(join(tmpdir(), 'devlaunch-operator-pm2-'));

  afterAll(async () => {
    for (const launcher of launchers) await launcher.kill();
    await new Pm2Client(operatorHome).shutdownDaemon();
    for (const dir of [operatorHome, ...dirs]) rmSync(dir, { recursive: true, force: true });
  });

  it('starts everything with an operator PM2_HOME exported, runs a clone in its own daemon, and stops it all on SIGTERM', async () => {
    // The operator's PM2 runs in the PM2_HOME the shell exports: the launcher's daemon must
    // start in DATA_DIR/pm2 all the same (it used to be spawned in the exported home, and the
    // start hung after "database connected").
    const operator = new Pm2Client(operatorHome);
    await operator.connect();
    await operator.disconnect();
    const operatorDaemon = daemonPidOf(operatorHome);
    expect(operatorDaemon).toBeDefined();

    const dir = newDir('devlaunch-');
    const launcher = launch(dir, { PM2_HOME: operatorHome });
    await launcher.waitFor('ready.');
    const port = launcher.sandboxPort;
    await createAnsweringClone(port, 4242, 'newcomer_files_bot');
    expect(processesMentioning(join(dir, 'data'))).not.toHaveLength(0);
    const workers = await workerPids(join(dir, 'data', 'pm2'));
    expect(workers).toHaveLength(1);

    launcher.signal('SIGTERM');
    expect((await launcher.exited).code).toBe(0);
    expect(await leftovers(dir)).toEqual([]);
    expect(workers.filter(isAlive)).toEqual([]);
    expect(daemonPidOf(operatorHome)).toBe(operatorDaemon);
    expect(await workerPids(operatorHome)).toEqual([]);
  }, 120_000);

  it('a second Ctrl-C while stopping exits at once and still stops the PM2 daemon and the clone worker', async () => {
    const dir = newDir('devlaunch-twice-');
    const launcher = launch(dir);
    await launcher.waitFor('ready.');
    await createAnsweringClone(launcher.sandboxPort, 4242, 'twice_files_bot');
    const workers = await workerPids(join(dir, 'data', 'pm2'));
    expect(workers).toHaveLength(1);

    launcher.ctrlC();
    await waitUntil('the first Ctrl-C handled', () => launcher.output.includes('SIGINT received'), 10_000);
    launcher.ctrlC();
    expect((await launcher.exited).code).toBe(1);
    expect(launcher.output).toContain('SIGINT again while stopping: exiting now');
    expect(await leftovers(dir)).toEqual([]);
    await waitUntil('the clone worker gone', () => workers.filter(isAlive).length === 0, 20_000).catch(() => undefined);
    expect(workers.filter(isAlive)).toEqual([]);
  }, 120_000);

  it('SIGKILL of the launcher leaves nothing running: FerretDB follows its pipe, the PM2 daemon its watchdog', async () => {
    const dir = newDir('devlaunch-kill-');
    const launcher = launch(dir);
    await launcher.waitFor('ready.');
    await createAnsweringClone(launcher.sandboxPort, 4242, 'killed_files_bot');
    const workers = await workerPids(join(dir, 'data', 'pm2'));
    expect(workers).toHaveLength(1);

    launcher.signal('SIGKILL');
    expect((await launcher.exited).signal).toBe('SIGKILL');
    expect(await leftovers(dir)).toEqual([]);
    await waitUntil('the clone worker gone', () => workers.filter(isAlive).length === 0, 20_000).catch(() => undefined);
    expect(workers.filter(isAlive)).toEqual([]);
  }, 120_000);

  it("stops when npm's shell goes away without passing a signal on (npm forwards SIGTERM to the shell only)", async () => {
    const dir = newDir('devlaunch-orphan-');
    // `npm start` runs `sh -c "bash scripts/start.sh"`, and start.sh execs the launcher: the shell stays its parent.
    const shell = launch(dir, {}, ['sh', '-c', `"${process.execPath}" "${LAUNCHER}"; exit $?`]);
    await shell.waitFor('ready.');
    const launcherPid = Number(execFileSync('pgrep', ['-P', String(shell.pid)]).toString().trim());
    expect(isAlive(launcherPid)).toBe(true);

    shell.signal('SIGTERM');
    await shell.exited;
    await waitUntil('the launcher to stop', () => !isAlive(launcherPid), 30_000).catch(() => undefined);
    expect(isAlive(launcherPid)).toBe(false);
    expect(await leftovers(dir)).toEqual([]);
  }, 120_000);
});
