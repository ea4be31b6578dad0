import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedDatabaseError, StateError } from '../errors';
import { requireFerretdbBinary } from './ferretdbBinary';
import { findFreePort } from './freePort';
import { pingMongo } from './ping';

export enum EmbeddedDatabaseState {
  New = 'new',
  Starting = 'starting',
  Running = 'running',
  Stopped = 'stopped',
}

export interface EmbeddedDatabaseOptions {
  /** Directory of the SQLite files (one per database); kept across restarts. */
  dataDir: string;
  /** Loopback port; 0 or undefined picks a free one. */
  port?: number;
  /** How long to wait for the first successful `ping`. */
  startTimeoutMs?: number;
  /** Path of the ferretdb binary; defaults to the build script's cache. */
  binaryPath?: string;
  /** Receives FerretDB's own warnings and errors (stderr lines). */
  onLog?: (line: string) => void;
}

/**
 * Shell wrapper that ties FerretDB's life to ours. FerretDB does not watch its parent, so a
 * `kill -9` of the owning Node process would leave it running. The wrapper holds a pipe from
 * us on fd 3 (a copy of stdin) and kills FerretDB when that pipe closes, which the kernel
 * does whenever we exit, however we exit. Background jobs of a non-interactive shell get
 * /dev/null as stdin, hence the explicit fd.
 *
 * The wrapper runs in a process group of its own: a terminal's Ctrl-C signals the whole
 * foreground group, and the database must outlive the owner's own shutdown (its last writes)
 * instead of dying first. Its life hangs on the pipe alone.
 */
const WATCHDOG = [
  'exec 3<&0',
  '"$0" "$@" </dev/null & c=$!',
  '{ read -r _ <&3; kill -TERM $c 2>/dev/null; } & r=$!',
  'wait $c; s=$?',
  'kill $r 2>/dev/null',
  'exit $s',
].join('\n');

/**
 * Supervises one FerretDB process (SQLite backend) listening on loopback only.
 * States: new → starting → running → stopped; wrong calls throw {@link StateError}.
 * Emits `state` on every change and `exit` if the process dies on its own.
 */
export class EmbeddedDatabase extends EventEmitter {
  private stateValue = EmbeddedDatabaseState.New;
  private child?: ChildProcess;
  private portValue = 0;
  private stopRequested = false;

  constructor(private readonly options: EmbeddedDatabaseOptions) {
    super();
  }

  get state(): EmbeddedDatabaseState {
    return this.stateValue;
  }

  get port(): number {
    return this.portValue;
  }

  /** `mongodb://127.0.0.1:<port>/` — no credentials: it listens on loopback only. */
  get uri(): string {
    if (this.stateValue !== EmbeddedDatabaseState.Running) {
      throw new StateError(EmbeddedDatabaseState.Running, this.stateValue, 'EmbeddedDatabase.uri');
    }
    return `mongodb://127.0.0.1:${this.portValue}/`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  private setState(state: EmbeddedDatabaseState): void {
    this.stateValue = state;
    this.emit('state', state);
  }

  /** Starts FerretDB and resolves with its URI once it answers `ping`. */
  async start(): Promise<string> {
    if (this.stateValue !== EmbeddedDatabaseState.New) {
      throw new StateError(EmbeddedDatabaseState.New, this.stateValue, 'EmbeddedDatabase.start');
    }
    this.setState(EmbeddedDatabaseState.Starting);
    const binary = this.options.binaryPath ?? requireFerretdbBinary();
    const dataDir = this.options.dataDir;
    mkdirSync(dataDir, { recursive: true });
    this.portValue = this.options.port || (await findFreePort());
    const args = [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir.endsWith('/') ? dataDir : `${dataDir}/`}`,
      `--listen-addr=127.0.0.1:${this.portValue}`,
      '--debug-addr=-',
      '--telemetry=disable',
      `--state-dir=${join(dataDir, '.state')}`,
      '--log-level=warn',
      '--log-format=text',
    ];
    mkdirSync(join(dataDir, '.state'), { recursive: true });
    if (this.stopRequested) {
      this.setState(EmbeddedDatabaseState.Stopped);
      throw new EmbeddedDatabaseError('stopped before FerretDB started', { port: this.portValue });
    }
    const child = spawn('sh', ['-c', WATCHDOG, binary, ...args], { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    this.child = child;
    let stderrTail = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderrTail = (stderrTail + chunk).slice(-4000);
      for (const line of chunk.split('\n')) if (line.trim()) this.options.onLog?.(line);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.once('exit', (code, signal) => {
      if (this.stateValue === EmbeddedDatabaseState.Running) this.emit('exit', { code, signal });
      this.setState(EmbeddedDatabaseState.Stopped);
    });

    const deadline = Date.now() + (this.options.startTimeoutMs ?? 20_000);
    let timer: NodeJS.Timeout | undefined;
    const ready = (async () => {
      for (;;) {
        try {
          await pingMongo(`mongodb://127.0.0.1:${this.portValue}/`, 1000);
          return;
        } catch {
          if (Date.now() > deadline || this.stateValue !== EmbeddedDatabaseState.Starting) throw new Error('not ready');
          await new Promise((r) => { timer = setTimeout(r, 100); });
        }
      }
    })();
    try {
      const outcome = await Promise.race([ready.then(() => 'ready' as const), exited.then((code) => ({ code }))]);
      if (outcome !== 'ready') {
        throw new EmbeddedDatabaseError(`FerretDB exited during start (code ${String(outcome.code)}): ${stderrTail.trim().slice(-500)}`, {
          port: this.portValue,
        });
      }
    } catch (error) {
      if (timer) clearTimeout(timer);
      await this.stop();
      if (error instanceof EmbeddedDatabaseError) throw error;
      throw new EmbeddedDatabaseError(`FerretDB did not answer ping on port ${this.portValue} in time: ${stderrTail.trim().slice(-500)}`, {
        port: this.portValue,
      });
    }
    this.setState(EmbeddedDatabaseState.Running);
    return this.uri;
  }

  /** Stops FerretDB (closing the watchdog pipe) and waits for it to exit. Idempotent; during `start()` it makes the start fail. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopRequested = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.setState(EmbeddedDatabaseState.Stopped);
      return;
    }
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), timeoutMs); });
    if ((await Promise.race([exited, timedOut])) === 'timeout') {
      // The wrapper's group: FerretDB and the pipe reader with it.
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      await exited;
    }
    clearTimeout(timer);
  }
}
