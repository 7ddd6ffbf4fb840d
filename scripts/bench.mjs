#!/usr/bin/env node
// `npm run bench [-- <filter>…]`: runs every test/bench/*.bench.mjs (and *.bench.ts, compiled first) against the
// built dist/, one process each, and prints one JSON document with every figure and ratio they reported.
// A bench reports a figure by printing a line `BENCH_RESULT {"name", "value", "unit", "target"?, "ok"?}`; everything
// else it prints is progress and goes to stderr. The JSON is also written to .data/bench/latest.json.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const benchDir = join(root, 'test', 'bench');
const filters = process.argv.slice(2);
if (!existsSync(join(root, 'dist', 'apps', 'api', 'src', 'api.app.js'))) {
  console.error('dist/ is missing: run `npm run bench` (it builds first) or `npm run build`');
  process.exit(1);
}
const files = readdirSync(benchDir)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();
if (!files.length) {
  console.error(`no bench matches ${filters.join(', ') || '(all)'} in test/bench/`);
  process.exit(1);
}

// TypeScript benches are compiled (with apps and libs, aliases rewritten) into .data/bench-dist.
let tsOut;
if (files.some((f) => f.endsWith('.ts'))) {
  tsOut = join(root, '.data', 'bench-dist');
  const bin = (n) => join(root, 'node_modules', '.bin', n);
  const tsc = spawnSync(
    bin('tsc'),
    [
      '-p',
      'tsconfig.build.json',
      '--outDir',
      tsOut,
      '--rootDir',
      '.',
      ...files.filter((f) => f.endsWith('.ts')).map((f) => join('test', 'bench', f)),
    ],
    { cwd: root, stdio: 'inherit' },
  );
  if (tsc.status !== 0) process.exit(1);
  spawnSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', relative(root, tsOut)], {
    cwd: root,
    stdio: 'inherit',
  });
}

const report = {
  startedAt: new Date().toISOString(),
  machine: {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage1m: loadavg()[0],
  },
  benches: {},
};
let failed = false;
for (const file of files) {
  const name = basename(file).replace(/\.bench\.(mjs|ts)$/, '');
  const script = file.endsWith('.ts')
    ? join(tsOut, 'test', 'bench', file.replace(/\.ts$/, '.js'))
    : join(benchDir, file);
  console.error(`\n▶ bench ${name}`);
  const t = Date.now();
  const results = [];
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout.on('data', (d) => {
      buffer += String(d);
      let i;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (line.startsWith('BENCH_RESULT ')) results.push(JSON.parse(line.slice('BENCH_RESULT '.length)));
        else process.stderr.write(`  ${line}\n`);
      }
    });
    child.on('exit', (c) => resolve(c ?? 1));
  });
  report.benches[name] = { exitCode: code, seconds: Math.round((Date.now() - t) / 100) / 10, results };
  if (code !== 0) failed = true;
}
mkdirSync(join(root, '.data', 'bench'), { recursive: true });
writeFileSync(join(root, '.data', 'bench', 'latest.json'), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
process.exit(failed ? 1 : 0);
