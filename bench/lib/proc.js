'use strict';
/** Process and machine figures from /proc (Linux), and small statistics helpers. */
const fs = require('node:fs');
const os = require('node:os');
const { execFileSync } = require('node:child_process');

let clkTck = 100;
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
} catch {
  // default 100 on Linux
}

/** Resident set size of a process in bytes (VmRSS), or 0 when it is gone. */
function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** utime + stime of a process in seconds, or undefined when it is gone. */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) / clkTck;
  } catch {
    return undefined;
  }
}

function ppidOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** The pid and every descendant of it. */
function processTree(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const p = Number(entry);
    const pp = ppidOf(p);
    if (!children.has(pp)) children.set(pp, []);
    children.get(pp).push(p);
  }
  const out = [];
  const stack = [pid];
  while (stack.length > 0 && out.length < 10_000) {
    const p = stack.pop();
    out.push(p);
    for (const c of children.get(p) || []) stack.push(c);
  }
  return out;
}

const treeRss = (pid) => processTree(pid).reduce((sum, p) => sum + rssBytes(p), 0);
const treeCpu = (pid) => processTree(pid).reduce((sum, p) => sum + (cpuSeconds(p) || 0), 0);

/**
 * CPU of several process groups over one window: `groups` maps a name to a pid (its own
 * utime+stime; a process gone at either end makes its figure NaN), an array of pids (summed, a gone
 * one counting 0) or `{ tree: pid }` (the pid and its descendants; a missing pid counts 0).
 * `during` is a window in ms to sleep through, or an async function run as the window (given the
 * window's start, performance.now()). Returns the window in seconds and, per group, the CPU
 * seconds used and that as a percent of one core (unrounded).
 */
async function cpuOver(groups, during) {
  const read = () => Object.fromEntries(Object.entries(groups).map(([k, g]) => {
    if (Array.isArray(g)) return [k, g.reduce((s, p) => s + (cpuSeconds(p) || 0), 0)];
    if (g && typeof g === 'object') return [k, g.tree ? treeCpu(g.tree) : 0];
    return [k, cpuSeconds(g)];
  }));
  const c0 = read();
  const t0 = performance.now();
  if (typeof during === 'function') await during(t0);
  else await new Promise((resolve) => setTimeout(resolve, during));
  const secs = (performance.now() - t0) / 1000;
  const c1 = read();
  const seconds = Object.fromEntries(Object.keys(groups).map((k) => [k, c1[k] - c0[k]]));
  const percent = Object.fromEntries(Object.keys(groups).map((k) => [k, (seconds[k] / secs) * 100]));
  return { secs, seconds, percent };
}

/** Whole-machine CPU: busy and total jiffies from /proc/stat. */
function machineCpu() {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] || 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

function memAvailableBytes() {
  const m = /MemAvailable:\s+(\d+) kB/.exec(fs.readFileSync('/proc/meminfo', 'utf8'));
  return m ? Number(m[1]) * 1024 : os.freemem();
}

function machine() {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    cpus: cpus.length,
    cpuModel: cpus[0] ? cpus[0].model : 'unknown',
    memoryBytes: os.totalmem(),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    hostname: os.hostname(),
  };
}

function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}
const median = (values) => percentile(values, 50);
const round = (n, digits = 1) => (n === null || n === undefined || Number.isNaN(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const mb = (bytes) => round(bytes / 2 ** 20, 1);

module.exports = { rssBytes, cpuSeconds, processTree, treeRss, treeCpu, cpuOver, machineCpu, memAvailableBytes, machine, percentile, median, round, mb };
