#!/usr/bin/env node
// Build the web pages (apps/web, Vite + Preact) into dist/web, after scripts/build.mjs has built the server.
// Incremental: the output is kept in .data/web-build/<hash of the sources and lockfile>, so an unchanged apps/web
// costs a copy, not a Vite run. Assets are precompressed (.br, .gz) for the API to send as they are.
// dist/web is swapped in with a rename, like dist/ itself, so a running server never reads a half-copied directory.
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const web = join(root, 'apps', 'web');
const cacheRoot = join(root, '.data', 'web-build');

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

const hash = createHash('sha256');
for (const f of [...files(web).filter((f) => !f.includes('node_modules')), join(root, 'package-lock.json')].sort()) {
  hash.update(relative(root, f)).update('\0').update(readFileSync(f)).update('\0');
}
const key = hash.digest('hex').slice(0, 16);
const cached = join(cacheRoot, key);
const t = Date.now();

if (!existsSync(join(cached, 'index.html'))) {
  mkdirSync(cacheRoot, { recursive: true });
  const out = join(cacheRoot, `tmp-${process.pid}-${Date.now().toString(36)}`);
  const { build } = await import('vite');
  try {
    await build({ configFile: join(web, 'vite.config.mjs'), logLevel: 'warn', build: { outDir: out } });
  } catch (e) {
    rmSync(out, { recursive: true, force: true });
    console.error(`web build failed: ${e?.message ?? e}`);
    process.exit(1);
  }
  for (const f of files(out).filter((f) => /\.(js|css|svg|html|json)$/.test(f))) {
    const body = readFileSync(f);
    if (body.length < 512) continue;
    writeFileSync(`${f}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
    writeFileSync(`${f}.gz`, gzipSync(body, { level: 9 }));
  }
  if (existsSync(cached)) rmSync(out, { recursive: true, force: true });
  else renameSync(out, cached);
  // Keep the last few builds only.
  const old = readdirSync(cacheRoot)
    .filter((d) => /^[0-9a-f]{16}$/.test(d) && d !== key)
    .sort((a, b) => statSync(join(cacheRoot, b)).mtimeMs - statSync(join(cacheRoot, a)).mtimeMs);
  for (const d of old.slice(3)) rmSync(join(cacheRoot, d), { recursive: true, force: true });
  console.error(`web pages built in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

const dist = join(root, 'dist');
if (!existsSync(dist)) {
  console.error('dist/ is missing: run scripts/build.mjs first');
  process.exit(1);
}
const target = join(dist, 'web');
const staging = join(dist, `.web-${process.pid}`);
cpSync(cached, staging, { recursive: true });
if (existsSync(target)) renameSync(target, join(dist, `.web-old-${process.pid}`));
renameSync(staging, target);
rmSync(join(dist, `.web-old-${process.pid}`), { recursive: true, force: true });
