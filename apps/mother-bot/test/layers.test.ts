import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The layers drawn in docs/architecture.md, checked against every import of the source tree
 * (tests excluded): a layer may use those below it, never one beside or above it. When this
 * fails, either the import is wrong or the picture is: fix one, and keep the two saying the same.
 */
const ROOT = resolve(__dirname, '../../..');

interface Rule {
  /** Source folder, relative to the repository root. */
  folder: string;
  /** Packages (or package prefixes) it must not import. */
  packages?: string[];
  /** Folders (relative to the root) its relative imports must not reach into. */
  folders?: string[];
  why: string;
}

const RULES: Rule[] = [
  {
    folder: 'packages/core/src',
    packages: ['telegraf', 'pm2', '@motherbot/'],
    why: 'core is the domain: models, rules, database; it knows nothing of Telegram, PM2 or the other packages',
  },
  {
    folder: 'packages/bot-kit/src',
    packages: ['pm2', '@motherbot/ops', '@motherbot/clone-bot', '@motherbot/mother-bot', '@motherbot/telegram-sandbox'],
    why: 'bot-kit is Telegram glue both bots share, on top of core only',
  },
  {
    folder: 'packages/ops/src',
    packages: ['telegraf', '@motherbot/bot-kit', '@motherbot/clone-bot', '@motherbot/mother-bot', '@motherbot/telegram-sandbox'],
    why: 'ops are the operator runners, on top of core only; the mother gives them a Telegram face',
  },
  {
    folder: 'packages/telegram-sandbox/src',
    packages: ['@motherbot/'],
    why: 'the sandbox stands in for Telegram and knows nothing of the bots it serves',
  },
  {
    folder: 'apps/clone-bot/src',
    packages: ['pm2', '@motherbot/ops', '@motherbot/mother-bot', '@motherbot/telegram-sandbox'],
    why: 'a clone worker runs alone under PM2: core and bot-kit only',
  },
  {
    folder: 'apps/clone-bot/src/bot',
    folders: ['apps/clone-bot/src/worker', 'apps/clone-bot/src/main.ts'],
    why: 'the worker runs the bot; the bot does not know the worker',
  },
  ...['ops', 'monitoring', 'services', 'cloneManager', 'http'].map((part) => ({
    folder: `apps/mother-bot/src/${part}`,
    folders: ['apps/mother-bot/src/bot', 'apps/mother-bot/src/runtime', 'apps/mother-bot/src/launcher'],
    why: 'the mother bot uses its parts; the parts do not reach up into the bot or the wiring',
  })),
  {
    folder: 'apps/mother-bot/src/services',
    packages: ['telegraf', '@motherbot/bot-kit'],
    why: 'the services are the domain behind the bot; Telegram adapters (botIdentity, senders) are given to them',
  },
  {
    folder: 'apps/mother-bot/src/bot',
    folders: ['apps/mother-bot/src/runtime', 'apps/mother-bot/src/launcher'],
    why: 'the runtime composes the bot, not the reverse',
  },
];

const WORKSPACES = ['packages/core', 'packages/bot-kit', 'packages/ops', 'packages/telegram-sandbox', 'apps/clone-bot', 'apps/mother-bot'];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== '__tests__') out.push(...sourceFiles(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts')) {
      out.push(path);
    }
  }
  return out;
}

/** Module names a file imports: static and dynamic imports, re-exports and requires. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(pattern)) found.push(match[1]!);
  return found;
}

function violationsOf(rule: Rule): string[] {
  const problems: string[] = [];
  for (const file of sourceFiles(join(ROOT, rule.folder))) {
    const at = relative(ROOT, file);
    for (const spec of importsOf(file)) {
      if (spec.startsWith('.')) {
        const target = relative(ROOT, resolve(dirname(file), spec));
        const reached = (rule.folders ?? []).find((f) => target === f || target.startsWith(`${f}/`) || `${target}.ts` === f);
        if (reached) problems.push(`${at} imports ${spec} (${reached})`);
      } else if ((rule.packages ?? []).some((p) => spec === p || (p.endsWith('/') ? spec.startsWith(p) : spec.startsWith(`${p}/`)))) {
        problems.push(`${at} imports ${spec}`);
      }
    }
  }
  return problems;
}

describe('layers: imports point one way (docs/architecture.md)', () => {
  it.each(RULES.map((rule) => [rule.folder, rule] as const))('%s', (_folder, rule) => {
    expect({ why: rule.why, violations: violationsOf(rule) }).toEqual({ why: rule.why, violations: [] });
  });

  it('no workspace reaches into another one by a relative path (packages import each other by name)', () => {
    const problems: string[] = [];
    for (const workspace of WORKSPACES) {
      for (const file of sourceFiles(join(ROOT, workspace, 'src'))) {
        for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
          const target = relative(ROOT, resolve(dirname(file), spec));
          if (!target.startsWith(`${workspace}/`)) problems.push(`${relative(ROOT, file)} imports ${spec}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('finds a violation when there is one (the check itself works)', () => {
    expect(violationsOf({ folder: 'apps/mother-bot/src/runtime', packages: ['@motherbot/core'], why: 'probe' }).length).toBeGreaterThan(0);
    expect(violationsOf({ folder: 'apps/mother-bot/src/runtime/parts', folders: ['apps/mother-bot/src/bot'], why: 'probe' }).length).toBeGreaterThan(0);
  });
});
