import { spawn, type ChildProcess } from 'node:child_process';

/**
 * Waits on a pipe from the launcher; when it closes without "disarm" (the launcher died,
 * however: SIGKILL included), SIGTERMs the daemon named by the pid file, if that pid is a PM2
 * daemon, waiting a few seconds for a daemon that was being spawned to write the file.
 */
const SCRIPT = [
  'read -r word',
  '[ "$word" = disarm ] && exit 0',
  'i=0',
  'while [ $i -lt 50 ]; do',
  '  p=$(cat "$0/pm2.pid" 2>/dev/null)',
  '  case "$(ps -p "${p:-0}" -o args= 2>/dev/null)" in *"God Daemon"*) kill -TERM "$p"; exit 0;; esac',
  '  sleep 0.1; i=$((i+1))',
  'done',
].join('\n');

/**
 * Makes the private PM2 daemon of `npm start` (and with it every clone worker) die with the
 * launcher. The daemon is detached by PM2, so nothing else would stop it when the launcher is
 * killed without a chance to clean up. The watchdog is a small shell in a process group of its
 * own (a terminal's Ctrl-C does not reach it); an orderly stop disarms it.
 */
export class DaemonWatchdog {
  private child?: ChildProcess;

  constructor(private readonly pm2Home: string) {}

  arm(): void {
    if (this.child) return;
    const child = spawn('sh', ['-c', SCRIPT, this.pm2Home], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    // It must not keep the launcher alive, only outlive it.
    child.unref();
    (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    child.stdin?.on('error', () => undefined);
    this.child = child;
  }

  /** The daemon was stopped in order: the watchdog exits without doing anything. */
  disarm(): void {
    this.child?.stdin?.end('disarm\n');
    this.child = undefined;
  }
}
