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
  'admin-access-controls-implemented': ['admins-configured'],
  'bot-token-validation-active': ['bot-token', 'clone-tokens'],
  'rate-limiting-configured-if-available': ['rate-limit'],
  'sensitive-data-logging-prevented': ['log-redaction'],
  // Mother Bot
  'successfully-starts-and-connects': ['mother-running', 'health-endpoint'],
  'admin-panel-accessible-to-authorized-users': ['admins-configured', 'bot-token'],
  'graceful-shutdown-on-signals': ['mother-running'],
  // Clone Manager
  'starts-and-stops-clones-reliably': ['mother-running', 'clones-healthy'],
  'handles-subscription-expiry-correctly': ['subscriptions-enforced'],
  'isolates-clone-instances-properly': ['clone-isolation'],
  'manages-resources-efficiently': ['memory-within-limits'],
  // Monitoring Systems
  'system-resource-monitoring-active': ['ready-endpoint'],
  'health-checks-running': ['health-endpoint'],
  'subscription-monitoring-functional': ['subscriptions-enforced', 'reminders-configured'],
  'performance-metrics-collected': ['metrics-endpoint'],
  'alert-mechanisms-configured': ['admins-configured'],
  // Resource Management
  'memory-usage-within-acceptable-limits': ['memory-within-limits'],
  'resource-cleanup-on-shutdown': ['mother-running'],
  // Logging Configuration
  'appropriate-log-levels-set': ['log-level'],
  'log-rotation-configured': ['log-rotation'],
  'sensitive-data-excluded-from-logs': ['log-redaction'],
  'error-tracking-implemented': ['log-dir-writable', 'error-rate'],
  'performance-metrics-logged': ['metrics-endpoint'],
  // Health Monitoring
  'system-health-checks-active': ['health-endpoint', 'ready-endpoint'],
  'database-connectivity-monitored': ['database-reachable', 'ready-endpoint'],
  'clone-status-tracking-working': ['clones-healthy'],
  'subscription-expiry-alerts-functional': ['reminders-configured', 'admins-configured'],
  'resource-usage-alerts-configured': ['admins-configured'],
  // Access Control
  'admin-authentication-verified': ['admins-configured'],
  'clone-isolation-enforced': ['clone-isolation'],
  'database-access-restricted': ['database-credentials'],
  'api-endpoint-protection-active': ['http-protected'],
  // Data Protection
  'secure-token-storage': ['master-key', 'clone-tokens'],
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
  'performance-monitoring-alerts': ['admins-configured', 'metrics-endpoint'],
  // Test Coverage
  'unit-tests-passing-80-coverage': ['coverage'],
  // Incident Response
  'error-monitoring-alerts-configured': ['admins-configured'],
  'system-recovery-procedures-documented': ['docs-present'],
  // Backup & Recovery
  'automated-backups-configured': ['backup-scheduled', 'backup-recent'],
  'recovery-procedures-tested': ['backup-verified'],
  'data-integrity-verification': ['backup-verified'],
  // Pre-Deployment
  'all-tests-passing': ['coverage'],
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
