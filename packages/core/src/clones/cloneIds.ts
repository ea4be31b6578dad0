import { randomBytes } from 'node:crypto';

/** A new clone id: 12 lowercase hex characters, safe in PM2 names, file and database names. */
export function newCloneId(): string {
  return randomBytes(6).toString('hex');
}

export const CLONE_ID_PATTERN = /^[0-9a-f]{12}$/;

/** The deterministic PM2 process name of a clone's worker. */
export function workerName(cloneId: string): string {
  return `clone-${cloneId}`;
}

/** The clone id in a PM2 process name, or undefined if the name is not one of ours. */
export function cloneIdOfWorkerName(name: string): string | undefined {
  const match = /^clone-([0-9a-f]{12})$/.exec(name);
  return match?.[1];
}
