import type { NamedSecret } from './knownSecrets';
import type { PlatformProcess } from './inputs';

/** Variables that hold a secret by their name, whatever their value. */
export const SECRET_VARIABLES: readonly string[] = ['BOT_TOKEN', 'MASTER_KEY', 'MONGODB_URI', 'BACKUP_KEY', 'STATUS_TOKEN'];

const TOKEN_SHAPE = /(?<!\d)\d{3,20}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/;
const URI_PASSWORD = /mongodb(?:\+srv)?:\/\/[^\s@/:]+:[^\s@/]+@/;

/**
 * What of a process's environment and command line is secret: a secret variable set (by name),
 * a known secret's value anywhere, or a bot token / MongoDB password by its shape. Returns
 * descriptions that name the variable or argument, never the value.
 */
export function secretsInProcess(process: PlatformProcess, secrets: readonly NamedSecret[]): string[] {
  const found: string[] = [];
  for (const [key, value] of Object.entries(process.env)) {
    if (SECRET_VARIABLES.includes(key) && value !== '') found.push(`${key} in its environment`);
    else found.push(...secretsInText(value).map((what) => `${what} in its environment (${key})`));
    found.push(...secrets.filter((s) => value.includes(s.value)).map((s) => `${s.name} in its environment (${key})`));
  }
  process.commandLine.forEach((arg, index) => {
    found.push(...secretsInText(arg).map((what) => `${what} on its command line (argument ${index})`));
    found.push(...secrets.filter((s) => arg.includes(s.value)).map((s) => `${s.name} on its command line (argument ${index})`));
  });
  return [...new Set(found)];
}

function secretsInText(text: string): string[] {
  const found: string[] = [];
  if (TOKEN_SHAPE.test(text)) found.push('a bot token');
  if (URI_PASSWORD.test(text) && !text.includes(':[REDACTED]@')) found.push('a MongoDB URI with its password');
  return found;
}
