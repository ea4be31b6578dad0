#!/usr/bin/env node
/*
 * Measures the two lookups our FerretDB patch is about, at 30,000 documents: findOne by a late
 * string _id and updateOne by a late ObjectId, on one or more ferretdb binaries. The SQLite
 * files are filled once, by the FIRST binary, and every binary is then measured on those same
 * files, one after the other, so listing the unpatched binary first also shows that files
 * written by it are served by the patched one. Figures go to docs/database.md.
 *
 *   node scripts/measure-ferretdb-id-lookup.js <ferretdb> [<ferretdb> ...]
 *   (the patched binary's path: bash scripts/build-ferretdb.sh --print-path)
 */
'use strict';
const { spawn } = require('node:child_process');
const { mkdtempSync, mkdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { MongoClient, ObjectId } = require('mongodb');

const DOCS = 30_000;
const RUNS = 50;

const { findFreePort: freePort } = require('@motherbot/core');

async function startFerret(binary, dataDir) {
  const port = await freePort();
  mkdirSync(join(dataDir, '.state'), { recursive: true });
  const child = spawn(binary, [
    '--handler=sqlite', `--sqlite-url=file:${dataDir}/`, `--listen-addr=127.0.0.1:${port}`, '--debug-addr=-',
    '--telemetry=disable', `--state-dir=${join(dataDir, '.state')}`, '--log-level=error',
  ], { stdio: 'ignore' });
  const uri = `mongodb://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i += 1) {
    try {
      const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 500 });
      return { client, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`${binary} did not start`);
}

const oid = (i) => new ObjectId(`65000000${i.toString(16).padStart(16, '0')}`);

async function fill(db) {
  for (let i = 0; i < DOCS; i += 1000) {
    const n = Math.min(1000, DOCS - i);
    await db.collection('bystring').insertMany(Array.from({ length: n }, (_, k) => ({ _id: `u${i + k}`, n: i + k, pad: 'x'.repeat(100) })));
    await db.collection('byoid').insertMany(Array.from({ length: n }, (_, k) => ({ _id: oid(i + k), n: i + k, pad: 'x'.repeat(100) })));
  }
}

async function timeIt(fn) {
  for (let i = 0; i < 5; i += 1) await fn();
  const ms = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(RUNS / 2)], p95: ms[Math.floor(RUNS * 0.95)] };
}

async function main() {
  const binaries = process.argv.slice(2);
  if (binaries.length === 0) throw new Error('usage: measure-ferretdb-id-lookup.js <ferretdb> [<ferretdb> ...]');
  const dataDir = mkdtempSync(join(tmpdir(), 'ferret-measure-'));
  try {
    for (const [i, binary] of binaries.entries()) {
      const { client, stop } = await startFerret(binary, dataDir);
      try {
        const db = client.db('measure');
        if (i === 0) await fill(db);
        const plan = (await db.command({ explain: { find: 'bystring', filter: { _id: `u${DOCS - 1}` } } })).queryPlanner.Plan.join(' | ');
        const find = await timeIt(async () => {
          if (!(await db.collection('bystring').findOne({ _id: `u${DOCS - 1}` }))) throw new Error('late string _id not found');
        });
        const update = await timeIt(async () => {
          const res = await db.collection('byoid').updateOne({ _id: oid(DOCS - 1) }, { $inc: { n: 1 } });
          if (res.modifiedCount !== 1) throw new Error('late ObjectId not updated');
        });
        console.log(`${binary}\n  plan: ${plan}`);
        console.log(`  findOne({_id: "u${DOCS - 1}"})   p50 ${find.p50.toFixed(2)} ms  p95 ${find.p95.toFixed(2)} ms`);
        console.log(`  updateOne({_id: <late ObjectId>}) p50 ${update.p50.toFixed(2)} ms  p95 ${update.p95.toFixed(2)} ms`);
      } finally {
        await client.close();
        await stop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
