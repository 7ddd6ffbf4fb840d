#!/usr/bin/env node
// Web pages bench, on the embedded stack that `npm start` runs (embedded PostgreSQL, demo data, API + worker):
//   - the catalogue's first-load weight: the HTML and every script and style sheet it loads, as sent (brotli), with
//     the JavaScript alone against the target (≤ 150 KB compressed);
//   - time to first render (first contentful paint) and to the first search results, in Debian's Chromium over
//     loopback and over an emulated slow rural connection (400 kbit/s each way, 400 ms round trip).
// Run after a build: `npm run bench -- web`. Loopback only; the start command is stopped with SIGTERM and awaited.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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

if (!existsSync(join(root, 'dist', 'web', 'index.html'))) {
  console.error('dist/web is missing: run `npm run build`');
  process.exit(1);
}

// The build's own files first (what the server sends, byte for byte: it serves the .br copies as they are), so the
// weight is reported even when the machine is too loaded for the stack to start in time.
{
  const web = join(root, 'dist', 'web');
  const html = readFileSync(join(web, 'index.html'), 'utf8');
  const refs = [
    ...new Set([...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="\/assets\/([^"]+)"/g)].map((m) => m[1])),
  ];
  const br = (name) =>
    existsSync(join(web, 'assets', `${name}.br`))
      ? statSync(join(web, 'assets', `${name}.br`)).size
      : statSync(join(web, 'assets', name)).size;
  const js = refs.filter((r) => r.endsWith('.js')).reduce((n, r) => n + br(r), 0);
  const css = refs.filter((r) => r.endsWith('.css')).reduce((n, r) => n + br(r), 0);
  report('web.build_first_load_js_kb', js / 1024, 'KB (brotli, from dist/web)', 150);
  report('web.build_first_load_css_kb', css / 1024, 'KB (brotli, from dist/web)');
}

const dir = mkdtempSync(join(tmpdir(), 'suotdoi-web-bench-'));
// Run as root, the embedded PostgreSQL drops to the postgres user, which must be able to enter the directory.
chmodSync(dir, 0o755);
const [port, pgPort, meiliPort] = [await freePort(), await freePort(), await freePort()];
const base = `http://127.0.0.1:${port}`;
const env = {
  ...process.env,
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  PORT: String(port),
  PUBLIC_URL: base,
  EMBEDDED_PG_DIR: join(dir, 'postgres'),
  EMBEDDED_PG_PORT: String(pgPort),
  EMBEDDED_MEILI_DIR: join(dir, 'meilisearch'),
  EMBEDDED_MEILI_PORT: String(meiliPort),
  STORAGE_DIR: join(dir, 'storage'),
  LOG_LEVEL: 'warn',
};
for (const k of ['DATABASE_URL', 'REDIS_URL', 'MEILI_URL']) delete env[k];
const child = spawn(process.execPath, [join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), 'start'], {
  cwd: root,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (d) => (output += String(d)));
child.stderr.on('data', (d) => (output += String(d)));
const exited = new Promise((resolve) => child.once('exit', resolve));

try {
  const t0 = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`start exited early (${child.exitCode}):\n${output.slice(-3000)}`);
    if (performance.now() - t0 > 900_000) throw new Error(`not ready after 900 s:\n${output.slice(-3000)}`);
    const ok = await fetch(`${base}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  console.error(`  embedded stack ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // First-load weight: what a browser fetches for the catalogue before any click, compressed as sent.
  const sizeOf = async (path) => {
    const res = await fetch(`${base}${path}`, { headers: { 'Accept-Encoding': 'br, gzip' } });
    if (!res.ok) throw new Error(`${path}: ${res.status}`);
    // fetch decodes the body; Content-Length is the compressed size when the server sent a precompressed file.
    const body = Buffer.from(await res.arrayBuffer());
    const len = Number(res.headers.get('content-length') ?? NaN);
    return {
      bytes: Number.isFinite(len) ? len : body.length,
      body: body.toString('utf8'),
      encoding: res.headers.get('content-encoding') ?? 'identity',
    };
  };
  const html = await sizeOf('/');
  const refs = [...html.body.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  let js = 0;
  let css = 0;
  for (const ref of [...new Set(refs)]) {
    const a = await sizeOf(ref);
    if (ref.endsWith('.js')) js += a.bytes;
    else if (ref.endsWith('.css')) css += a.bytes;
    console.error(`  ${ref}: ${(a.bytes / 1024).toFixed(1)} KB (${a.encoding})`);
  }
  report('web.catalogue_first_load_js_kb', js / 1024, 'KB (brotli)', 150);
  report('web.catalogue_first_load_css_kb', css / 1024, 'KB (brotli)');
  report('web.catalogue_first_load_total_kb', (js + css + html.bytes) / 1024, 'KB');

  if (!existsSync(CHROMIUM)) {
    console.error(`  Chromium missing at ${CHROMIUM}: render times not measured (apt-get install chromium)`);
  } else {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-dev-shm-usage',
      ],
    });
    try {
      for (const [label, conditions] of [
        ['loopback', null],
        [
          'slow',
          { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 },
        ],
      ]) {
        const fcp = [];
        const results = [];
        for (let i = 0; i < 3; i++) {
          const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
          const page = await context.newPage();
          if (conditions) {
            const cdp = await context.newCDPSession(page);
            await cdp.send('Network.enable');
            await cdp.send('Network.emulateNetworkConditions', conditions);
          }
          const start = Date.now();
          await page.goto(`${base}/?q=truyen`, { waitUntil: 'commit' });
          await page.locator('h1').first().waitFor();
          const paint = await page.evaluate(`new Promise((resolve) => {
            const get = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
            const v = get();
            if (v !== undefined) return resolve(v);
            new PerformanceObserver(() => resolve(get())).observe({ type: 'paint', buffered: true });
          })`);
          await page.locator('.hit').first().waitFor({ timeout: 60_000 });
          results.push(Date.now() - start);
          fcp.push(paint);
          await context.close();
        }
        const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        report(
          `web.catalogue_first_contentful_paint_${label}_ms`,
          median(fcp),
          'ms',
          label === 'slow' ? 3000 : undefined,
        );
        report(`web.catalogue_first_results_${label}_ms`, median(results), 'ms');
      }
    } finally {
      await browser.close();
    }
  }
} finally {
  child.kill('SIGTERM');
  await exited;
  rmSync(dir, { recursive: true, force: true });
}
