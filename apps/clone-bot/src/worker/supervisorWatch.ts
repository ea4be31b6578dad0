/**
 * A worker must never outlive its supervisor. PM2 starts workers detached, so if the PM2
 * daemon dies (kill -9, OOM) its workers keep running as orphans, still polling Telegram; a
 * new daemon would then start a second worker for the same token (409 Conflict). Every
 * `intervalMs` we compare our parent pid with the one we started under; when it changes we
 * were orphaned, and `onOrphaned` stops us.
 */
export function watchSupervisor(onOrphaned: () => void, intervalMs = 2000): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
