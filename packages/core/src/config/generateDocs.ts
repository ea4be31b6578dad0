import { configSchema } from './schema';

/** Renders the configuration reference (`npm run docs:config` writes it to docs/configuration.md). */
export function renderConfigDocs(): string {
  const rows = Object.values(configSchema as unknown as Record<string, {
    doc: string; env: string; default: unknown; sensitive?: boolean; format: unknown;
  }>).map((entry) => {
    const def = Array.isArray(entry.default) ? entry.default.join(',') : String(entry.default);
    const format = Array.isArray(entry.format) ? entry.format.join(' \\| ') : typeof entry.format === 'string' ? entry.format : entry.format === Boolean ? 'true \\| false' : 'string';
    return `| \`${entry.env}\` | ${def === '' ? '(empty)' : `\`${def}\``} | ${format}${entry.sensitive ? ', secret' : ''} | ${entry.doc} |`;
  });
  return [
    '# Configuration reference',
    '',
    'Generated from `packages/core/src/config/schema.ts` by `npm run docs:config`; do not edit by hand.',
    '',
    'Every process reads its settings once at start from the environment and an optional `.env` file',
    '(the environment wins). A missing or invalid value stops the process with one line naming the',
    'variable and what it expects; secret values are never printed. `.env.example` lists them all.',
    '',
    '| variable | default | format | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** Renders `.env.example`: every variable, commented out at its default, with its meaning. */
export function renderEnvExample(): string {
  const entries = Object.values(configSchema as unknown as Record<string, { doc: string; env: string; default: unknown; sensitive?: boolean }>);
  return [
    '# Copy to .env and adjust. Every variable is optional outside production; see docs/configuration.md.',
    '# The environment wins over this file. Secrets (marked) are never printed or logged.',
    '',
    ...entries.flatMap((e) => [
      `# ${e.doc}${e.sensitive ? ' (secret)' : ''}`,
      `# ${e.env}=${Array.isArray(e.default) ? e.default.join(',') : String(e.default)}`,
      '',
    ]),
  ].join('\n');
}

if (require.main === module) {
  process.stdout.write(process.argv.includes('--env-example') ? renderEnvExample() : renderConfigDocs());
}
