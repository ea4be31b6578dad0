import type { CheckId } from './checks';

/**
 * Which programmatic checks prove each checklist item (by item id, see `itemId`). An item passes
 * when all of its checks pass. Items not listed here are proven by an operator's attestation
 * (`DATA_DIR/readiness-attestations.json`); docs/operations/readiness.md is the same table in prose.
 */
export const ITEM_CHECKS: Readonly<Record<string, readonly CheckId[]>> = {
  // Environment Setup
  'all-environment-variables-configured-in-env': ['env-file', 'production-mode'],
  'database-connections-tested-and-stable': ['database-reachable'],
  'bot-tokens-validated-and-working': ['bot-token', 'clone-tokens'],
  'api-credentials-verified': ['bot-token', 'telegram-api-root'],
  'log-directory-permissions-set-correctly': ['log-dir-writable'],
  // Database Configuration
  'mongodb-connection-string-configured': ['database-reachable', 'database-tls'],
  'database-indexes-created-for-performance': ['database-indexes'],
  'backup-strategy-implemented': ['backup-scheduled', 'backup-recent'],
  'connection-pooling-optimized': ['pool-sizes'],
  'data-retention-policies-defined': ['retention-configured'],
  // Security Measures
  'admin-access-controls-implemented': ['admins-known', 'admin-actions'],
  'bot-token-validation-active': ['bot-token', 'clone-tokens'],
  'rate-limiting-configured-if-available': ['rate-limit'],
  'sensitive-data-logging-prevented': ['log-redaction'],
  // Mother Bot
  'successfully-starts-and-connects': ['mother-running', 'health-endpoint'],
  'admin-panel-accessible-to-authorized-users': ['admins-known', 'bot-token'],
  'graceful-shutdown-on-signals': ['last-shutdown-clean'],
  // Clone Manager
  'starts-and-stops-clones-reliably': ['mother-running', 'clones-healthy'],
  'handles-subscription-expiry-correctly': ['subscriptions-enforced'],
  'isolates-clone-instances-properly': ['clone-isolation'],
  'manages-resources-efficiently': ['memory-within-limits'],
  // Monitoring Systems
  'system-resource-monitoring-active': ['resource-probes', 'watchers-running'],
  'health-checks-running': ['health-endpoint'],
  'subscription-monitoring-functional': ['subscriptions-enforced', 'reminders-configured', 'reminders-sent'],
  'performance-metrics-collected': ['metrics-endpoint'],
  'alert-mechanisms-configured': ['admins-known', 'alerts-delivered'],
  // Resource Management
  'memory-usage-within-acceptable-limits': ['memory-within-limits'],
  'resource-cleanup-on-shutdown': ['last-shutdown-clean', 'no-leftovers'],
  // Logging Configuration
  'appropriate-log-levels-set': ['log-level'],
  'log-rotation-configured': ['log-rotation'],
  'sensitive-data-excluded-from-logs': ['log-redaction'],
  'error-tracking-implemented': ['error-alerts', 'error-rate'],
  'performance-metrics-logged': ['metrics-endpoint'],
  // Health Monitoring
  'system-health-checks-active': ['health-endpoint', 'ready-endpoint'],
  'database-connectivity-monitored': ['database-reachable', 'ready-endpoint'],
  'clone-status-tracking-working': ['clones-healthy'],
  'subscription-expiry-alerts-functional': ['reminders-configured', 'reminders-sent'],
  'resource-usage-alerts-configured': ['resource-probes', 'watchers-running', 'admins-known'],
  // Access Control
  'admin-authentication-verified': ['admins-known', 'admin-actions'],
  'clone-isolation-enforced': ['clone-isolation'],
  'database-access-restricted': ['database-credentials'],
  'api-endpoint-protection-active': ['http-protected'],
  // Data Protection
  'secure-token-storage': ['master-key', 'clone-tokens', 'process-env-clean'],
  'database-connection-encryption': ['database-tls'],
  'backup-data-protection': ['backup-encrypted'],
  // Deployment Process
  'automated-deployment-configured': ['deploy-configured'],
  'configuration-management-setup': ['env-file'],
  'documentation-updated': ['docs-present'],
  // Maintenance Procedures
  'database-maintenance-scheduled': ['retention-configured', 'backup-scheduled'],
  'log-cleanup-automated': ['log-rotation'],
  'backup-verification-process': ['backup-verified'],
  'performance-monitoring-alerts': ['metrics-endpoint', 'alerts-delivered'],
  // Test Coverage
  'unit-tests-passing-80-coverage': ['tests-passed', 'coverage'],
  // Incident Response
  'error-monitoring-alerts-configured': ['error-alerts', 'admins-known'],
  'system-recovery-procedures-documented': ['docs-present'],
  // Backup & Recovery
  'automated-backups-configured': ['backup-scheduled', 'backup-recent'],
  'recovery-procedures-tested': ['backup-verified'],
  'data-integrity-verification': ['backup-verified'],
  // Pre-Deployment
  'all-tests-passing': ['tests-passed'],
  // Deployment
  'production-environment-prepared': ['production-mode', 'master-key', 'telegram-api-root', 'database-tls'],
  'database-migrations-applied': ['migrations-applied'],
  'configuration-deployed': ['env-file'],
  'services-started-successfully': ['mother-running', 'clones-healthy'],
  'health-checks-passing': ['ready-endpoint'],
  // Post-Deployment
  'system-monitoring-active': ['metrics-endpoint', 'ready-endpoint'],
  'error-rates-acceptable': ['error-rate'],
};
