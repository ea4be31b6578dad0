/** Variables that hold secrets; removed from our environment once the config is read. */
const SECRET_VARIABLES = ['BOT_TOKEN', 'MASTER_KEY', 'MONGODB_URI', 'STATUS_TOKEN'];

/**
 * Deletes secret variables from `process.env` after the configuration has been read, so that
 * no child process — the PM2 daemon we may spawn, and through it every worker — inherits them.
 */
export function scrubSecretsFromEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of SECRET_VARIABLES) delete env[name];
}
