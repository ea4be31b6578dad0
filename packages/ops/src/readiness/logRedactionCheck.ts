import { relative, resolve } from 'node:path';
import { fail, listSome, pass, type CheckResult, type ProcessSnapshot, type ReadinessInputs } from './inputs';
import { knownSecrets, type NamedSecret } from './knownSecrets';
import { installationLogFiles, megabytes } from './logFiles';
import { scanFilesForSecrets } from './secretScan';

/** `BOT_TOKEN, MASTER_KEY, 3 clone bot tokens, 3 worker keys`: what was searched for, without values. */
export function describeSecrets(secrets: readonly NamedSecret[]): string {
  const counts = new Map<string, number>();
  for (const { name } of secrets) {
    const kind = name.replace(/ of clone \S+$/, ' of a clone');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].map(([kind, n]) => (n === 1 && !kind.endsWith('of a clone') ? kind : `${n} × ${kind}`)).join(', ');
}

/**
 * Reads every log file of the installation (LOG_DIR, PM2_HOME/logs and pm2.log, each platform
 * process's out/error files, rotated and gzipped ones too) and looks for every secret the
 * platform holds, by value, and for anything shaped like a bot token or a MongoDB password.
 */
export async function checkLogRedaction(inputs: ReadinessInputs, snapshot: ProcessSnapshot): Promise<CheckResult> {
  const { secrets, notes } = await knownSecrets(inputs);
  const { files, where } = installationLogFiles(inputs, snapshot);
  if (files.length === 0) return fail(`no log file in ${where.join(', ')}: nothing to scan`);
  const scan = await scanFilesForSecrets(files, secrets);
  const root = resolve(inputs.config.logDir, '..');
  const at = (file: string): string => (file.startsWith(root) ? relative(root, file) : file);
  const looked = `scanned ${scan.filesScanned} file(s), ${megabytes(scan.bytesScanned)} (${where.join(', ')}) for ${secrets.length} secret(s) [${describeSecrets(secrets) || 'none configured'}] and bot-token / MongoDB-password shapes`;
  const problems: string[] = [];
  if (scan.findings.length > 0) {
    problems.push(`SECRETS IN LOGS: ${listSome(scan.findings.map((f) => `${f.secret} at ${at(f.file)}:${f.line}`), 6)}`);
  }
  if (scan.unreadable.length > 0) problems.push(`unreadable: ${listSome(scan.unreadable)}`);
  const blocking = notes.filter((n) => n.includes('could not be decrypted') || n.includes('not reachable'));
  if (blocking.length > 0) problems.push(...blocking);
  const other = notes.filter((n) => !blocking.includes(n));
  const detail = [looked, ...other].join('; ');
  return problems.length === 0 ? pass(`${detail}: none found`) : fail(`${problems.join('; ')}; ${detail}`);
}
