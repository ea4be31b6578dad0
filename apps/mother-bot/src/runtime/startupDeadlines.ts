/**
 * How long each start-up step of the mother may take before the start fails with a one-line
 * reason (docs/troubleshooting.md, "Start-up steps"), in the order they run. Generous: they
 * bound a hang, not a slow machine. Migrations run to the end even when a signal comes (they
 * hold a lock).
 */
export const STARTUP_DEADLINES_MS = {
  database: 60_000,
  migrations: 600_000,
  telegram: 45_000,
  'webhook ingress': 10_000,
  pm2: 30_000,
  'clone adoption': 120_000,
  monitoring: 30_000,
  'status server': 10_000,
  services: 60_000,
  polling: 45_000,
  webhook: 45_000,
} as const;
