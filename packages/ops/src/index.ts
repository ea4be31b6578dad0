/**
 * @motherbot/ops — the operator's runners: the readiness checklist, encrypted backups (create,
 * verify, restore) and the retention purge. Used by the mother's ops (scheduled jobs, admin
 * commands, the ops CLI behind `npm run backup`/`readiness`), never by the clone workers.
 *
 * Migrations stay in `@motherbot/core`: they are the databases' shape, and every clone worker
 * migrates its own database at start. Keeping them in core lets the layers point one way —
 * both bots depend on core, only the mother depends on ops, and ops depends on core (the
 * readiness report reads the migration status from there) — so the clone worker never pulls in
 * the operator's tooling.
 */
export * from './backup/index';
export * from './retention/index';
export * from './readiness/index';
