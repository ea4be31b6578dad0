/** Milliseconds in an hour and a day: one definition for every period the platform counts in. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
