/**
 * Calls `onGone` once when the process that started us exits. `npm start` runs
 * `sh -c "bash scripts/start.sh"`, and npm forwards a SIGTERM to that shell only: the shell
 * dies of it and the launcher, never signalled, would run on with nobody to stop it.
 */
export function watchParent(onGone: () => void, intervalMs = 500): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
