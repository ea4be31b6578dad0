/**
 * The operator's runners: readiness checks, backups, retention. Used by the mother's ops
 * (scheduled jobs, admin commands, `npm run ops`); the bots' domain stays in core.
 */
export {};
