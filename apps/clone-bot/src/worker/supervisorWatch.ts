/**
 * A worker must never outlive its supervisor. PM2 starts workers detached, so if the PM2
 * daemon dies (kill -9, OOM) its workers keep running as orphans, still polling Telegram; a
 * new daemon would then start a second worker for the same token (409 Conflict).
 *
 * PM2 forks a worker with an IPC channel, which closes when the daemon dies: the channel's
 * `disconnect` is the signal, with no timer while the worker idles. Without a channel (a
 * worker started some other way) we compare our parent pid with the one we started under every
 * `intervalMs`. Either way `onOrphaned` stops us.
 */
export function watchSupervisor(onOrphaned: () => void, intervalMs = 2000): () => void {
  if (process.connected) {
    const onDisconnect = (): void => onOrphaned();
    process.once('disconnect', onDisconnect);
    return () => process.off('disconnect', onDisconnect);
  }
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
