/**
 * The TLS proxies of docs/examples (nginx, Caddy) for proxyConfigs.test.ts: whether each tool is
 * installed, its syntax check, and the example rewritten to run here (a free local port instead
 * of 443, a test upstream instead of the ingress's 8088, a self-signed certificate), so the test
 * checks what the operator copies, not a copy of it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';

export const examplesDir = join(__dirname, '..', '..', '..', 'docs', 'examples');

/** Why `tool` cannot run here, or undefined when it can. */
export function missingTool(tool: 'nginx' | 'caddy' | 'openssl'): string | undefined {
  const probe = spawnSync(tool, tool === 'nginx' ? ['-v'] : ['version'], { encoding: 'utf8' });
  if (probe.error) return `${tool} is not installed (${(probe.error as NodeJS.ErrnoException).code ?? probe.error.message})`;
  return probe.status === 0 ? undefined : `${tool} does not run: ${probe.stderr.trim()}`;
}

export interface CheckResult { ok: boolean; output: string }

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): CheckResult {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env ?? process.env, timeout: 30_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Replaces `from` in `text`, failing loudly when the example no longer has it. */
function swap(text: string, from: string | RegExp, to: string): string {
  const next = text.replace(from, to);
  if (next === text) throw new Error(`the example no longer contains ${String(from)}: update proxyTools.ts with it`);
  return next;
}

/** Turns the commented-out optional lines on (Telegram's networks only), to check them too. */
export function withOptionalLines(text: string, tool: 'nginx' | 'caddy'): string {
  return tool === 'nginx'
    ? swap(text, /^(\s*)# ((?:allow|deny) .*)$/gm, '$1$2')
    : swap(text, /^(\s*)# ((?:@notTelegram|respond @notTelegram) .*)$/gm, '$1$2');
}

/** A self-signed certificate for the nginx example's ssl_certificate lines. */
export function selfSignedCert(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const r = run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=bots.example.com']);
  if (!r.ok) throw new Error(`openssl: ${r.output}`);
  return { cert, key };
}

/** The nginx example with the certificate paths pointing at `cert`, and optionally ports moved. */
export function nginxSite(text: string, cert: { cert: string; key: string }, ports?: { listen: number; upstream: number }): string {
  let site = swap(text, /\/etc\/letsencrypt\/live\/bots\.example\.com\/fullchain\.pem/, cert.cert);
  site = swap(site, /\/etc\/letsencrypt\/live\/bots\.example\.com\/privkey\.pem/, cert.key);
  if (ports) {
    site = swap(site, /^\s*listen \[::\]:443 .*$/m, '');
    site = swap(site, /listen 443 /, `listen 127.0.0.1:${ports.listen} `);
    site = swap(site, /server 127\.0\.0\.1:8088;/, `server 127.0.0.1:${ports.upstream};`);
  }
  return site;
}

/** The smallest main nginx.conf around a site file, everything under `dir` (no /etc, no /var). */
export function nginxMain(dir: string, siteFile: string): string {
  mkdirSync(join(dir, 'logs'), { recursive: true });
  mkdirSync(join(dir, 'body'), { recursive: true });
  return [
    `pid ${join(dir, 'nginx.pid')};`,
    `error_log ${join(dir, 'logs', 'error.log')};`,
    'events {}',
    'http {',
    '  access_log off;',
    `  client_body_temp_path ${join(dir, 'body')};`,
    `  include ${siteFile};`,
    '}',
    '',
  ].join('\n');
}

export function nginxArgs(dir: string, mainFile: string): string[] {
  return ['-p', dir, '-c', mainFile, '-e', join(dir, 'logs', 'error.log')];
}

export function nginxCheck(dir: string, mainFile: string): CheckResult {
  return run('nginx', ['-t', ...nginxArgs(dir, mainFile)]);
}

/** Caddy keeps certificates and state under HOME/XDG dirs: a private one per test. */
export function caddyEnv(dir: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
}

export function caddyCheck(dir: string, file: string): CheckResult {
  return run('caddy', ['validate', '--adapter', 'caddyfile', '--config', file], caddyEnv(dir));
}

/** The Caddy example on plain HTTP at a local port (no certificate to fetch), no admin API, upstream moved. */
export function caddyLocal(text: string, ports: { listen: number; upstream: number }): string {
  let site = swap(text, /^bots\.example\.com \{$/m, `{\n\tadmin off\n\tauto_https off\n}\n\nhttp://127.0.0.1:${ports.listen} {`);
  site = swap(site, /reverse_proxy 127\.0\.0\.1:8088/, `reverse_proxy 127.0.0.1:${ports.upstream}`);
  return site;
}

export function readExample(name: string): string {
  return readFileSync(join(examplesDir, name), 'utf8');
}

export function writeFile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A port nobody listens on right now. */
export { findFreePort as freePort } from '@motherbot/core';

export async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
  });
}

/** Starts a proxy in the foreground; `stop` ends it and waits for its exit. */
export function startProxy(cmd: string, args: string[], env?: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; stop: () => Promise<void> } {
  const child = spawn(cmd, args, { env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
