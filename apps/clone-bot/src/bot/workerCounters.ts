/**
 * Counters of handled updates and errors: the bot's middleware counts them, the worker's
 * heartbeat reports them, and the mother aggregates them into /metrics. Declared here, in the
 * bot layer, so that the worker depends on the bot and never the reverse.
 */
export interface WorkerCounters {
  updates: number;
  errors: number;
}
