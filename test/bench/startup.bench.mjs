#!/usr/bin/env node
// Start-up benchmark: time from `npm start` to /health/ready answering 200, from an empty data directory (cold: the
// embedded PostgreSQL's initdb, migrations, demo data) and again on the same directory (warm), with the time of each
// phase the start command reports. Targets: cold ≤ 20 s, warm ≤ 10 s. Run after a build:
//   npm run bench -- startup        (BENCH_STARTUP_RUNS=n warm starts, default 1; BENCH_STARTUP_TIMEOUT_SECONDS, 300)
// Each start runs what `npm start` runs: the build check (nothing to rebuild after the bench's own build), then the
// start command, with its own data directory and free ports; it is stopped with SIGTERM and awaited.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const WARM_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 1);
// How long the start command may take to be ready, from its launch (after the build check), before the bench gives up.
const TIMEOUT_MS = Number(process.env.BENCH_STARTUP_TIMEOUT_SECONDS ?? 300) * 1000;
const report = (name, value, unit, target) =>
  console.log(
    `BENCH_RESULT ${JSON.stringify({ name, value: Math.round(value * 10) / 10, unit, ...(target !== undefined ? { target: `<= ${target}`, ok: value <= target } : {}) })}`,
  );

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** The start command's log lines that end a phase, in order. */
const PHASES = [
  ['database, search engine and migrations', /\[start\] (applied migrations|database schema is up to date)/],
  ['demo data', /\[start\] demo data:/],
  ['processes launched', /Suốt Đời is starting/],
];

async function startOnce(dir, label) {
  const [port, pgPort, meiliPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    EMBEDDED_PG_DIR: join(dir, 'postgres'),
    EMBEDDED_PG_PORT: String(pgPort),
    EMBEDDED_MEILI_DIR: join(dir, 'meilisearch'),
    EMBEDDED_MEILI_PORT: String(meiliPort),
    STORAGE_DIR: join(dir, 'storage'),
    LOG_LEVEL: 'warn',
  };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'MEILI_URL']) delete env[k];
  const t0 = performance.now();
  // What `npm start` runs first: the build, which finds nothing to rebuild.
  const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');
  const tBuild = performance.now() - t0;
  const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const marks = {};
  let output = '';
  const onData = (d) => {
    const text = String(d);
    output += text;
    for (const [name, re] of PHASES) if (!(name in marks) && re.test(output)) marks[name] = performance.now() - t0;
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let ready;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`start exited early (${child.exitCode}):\n${output.slice(-3000)}`);
      if (performance.now() - t0 - tBuild > TIMEOUT_MS)
        throw new Error(`not ready ${TIMEOUT_MS / 1000} s after the build check:\n${output.slice(-3000)}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) {
        ready = performance.now() - t0;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  const phases = [`build check ${(tBuild / 1000).toFixed(1)} s`];
  let prev = tBuild;
  for (const [name] of PHASES) {
    if (marks[name] === undefined) continue;
    phases.push(`${name} ${((marks[name] - prev) / 1000).toFixed(1)} s`);
    prev = marks[name];
  }
  phases.push(`api and worker ready ${((ready - prev) / 1000).toFixed(1)} s`);
  console.error(`  ${label}: ready in ${(ready / 1000).toFixed(1)} s (${phases.join(', ')})`);
  return ready / 1000;
}

const dir = mkdtempSync(join(tmpdir(), 'suotdoi-startup-'));
chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user, which must reach the data directory
try {
  const cold = await startOnce(dir, 'cold (empty data directory)');
  report('startup.cold_seconds', cold, 's', 20);
  const warm = [];
  for (let i = 0; i < WARM_RUNS; i++) warm.push(await startOnce(dir, `warm #${i + 1}`));
  report('startup.warm_seconds', Math.min(...warm), 's', 10);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
