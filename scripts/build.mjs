#!/usr/bin/env node
// Build apps and libs into dist/ without ever leaving a half-built dist/ behind: compile and rewrite path aliases
// in a private directory, then swap it in with two renames. Several engineers (and their test runs) share this
// working tree; a failed compile keeps the last good dist/, and a running process never sees a partial one.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const work = join(root, '.data', 'build');
mkdirSync(work, { recursive: true });
const out = join(work, `dist-${process.pid}-${Date.now().toString(36)}`);
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', cwd: root }).status === 0;

let ok = false;
try {
  ok = run(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', out]) && run(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', relative(root, out)]);
  if (ok) {
    const dist = join(root, 'dist');
    if (existsSync(dist)) renameSync(dist, join(work, `old-${process.pid}-${Date.now().toString(36)}`));
    renameSync(out, dist);
  }
} finally {
  if (!ok) rmSync(out, { recursive: true, force: true });
  // Old builds linger one round so a process that was loading from one does not lose files mid-import.
  const old = readdirSync(work)
    .filter((d) => d.startsWith('old-'))
    .sort((a, b) => statSync(join(work, a)).mtimeMs - statSync(join(work, b)).mtimeMs);
  for (const d of old.slice(0, -2)) rmSync(join(work, d), { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
