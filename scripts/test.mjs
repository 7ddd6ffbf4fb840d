#!/usr/bin/env node
// The one test command (README, CI): format check, lint (with the library-border rule), type-check, then every Jest suite against real PostgreSQL and Redis.
// Database: DATABASE_URL, else PostgreSQL at 127.0.0.1:5432, else embedded. Queues: PostgreSQL always, Redis when
// REDIS_URL is set or 127.0.0.1:6379 answers. Extra arguments go to Jest (e.g. `npm test -- test/e2e/health`).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const jestArgs = args.filter((a) => a !== '--quick');
const run = (label, cmd, cmdArgs, env = {}) => {
  const t = Date.now();
  console.log(`\n▶ ${label}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`  ${label}: ${r.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return r.status ?? 1;
};

if (!quick) {
  if (run('format (prettier --check)', 'npx', ['prettier', '--check', '--log-level=warn', '.']) !== 0) process.exit(1);
  if (run('lint (eslint)', 'npx', ['eslint', '.', '--max-warnings=0']) !== 0) process.exit(1);
  if (run('type-check (tsc)', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) process.exit(1);
}
// Jest's global setup applies migrations from the build, so build every time.
// Quick runs skipped the type check, so their build keeps output with type errors (see scripts/build.mjs).
if (run('build', 'node', ['scripts/build.mjs', ...(quick ? ['--allow-type-errors'] : [])]) !== 0) process.exit(1);
if (run('build (web)', 'node', ['scripts/build-web.mjs']) !== 0) process.exit(1);
mkdirSync('.data', { recursive: true });
// Per-run file names: engineers sharing this working tree run the suite concurrently.
const results = `.data/jest-results-${process.pid}.json`;
const backendsFile = `.data/test-backends-${process.pid}.json`;
const conformanceFile = `.data/test-conformance-${process.pid}.jsonl`;
rmSync(results, { force: true });
rmSync(conformanceFile, { force: true });
rmSync(`${conformanceFile}.openapi.json`, { force: true });
const status = run('tests (jest)', 'npx', ['jest', '--json', `--outputFile=${results}`, ...jestArgs], {
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules --no-warnings=ExperimentalWarning`.trim(),
  SUOTDOI_TEST_BACKENDS_FILE: backendsFile,
  SUOTDOI_TEST_CONFORMANCE_FILE: conformanceFile,
});
if (existsSync(backendsFile)) {
  const b = JSON.parse(readFileSync(backendsFile, 'utf8'));
  console.log(
    `\nbackends exercised: database ${b.database}; queues ${b.queues.join(' and ')}${b.queues.includes('redis') ? '' : ' (no Redis answered: Redis queue tests were SKIPPED, not passed)'}`,
  );
  console.log(
    `search engines exercised: ${(b.search ?? ['postgres']).join(' and ')}${(b.search ?? []).length > 1 ? '' : ' (no Meilisearch on this platform: its suites were SKIPPED, not passed)'}`,
  );
  rmSync(backendsFile, { force: true });
}
// Response conformance (test/support/conformance.ts): every response of every test app against the OpenAPI document.
// Any violation fails the run; a full run (no Jest arguments) also fails while a documented operation was never
// answered with a 2xx by any test, unless it is excluded below for a stated reason.
const NOT_EXERCISED = {
  // Each entry: the operation and why no e2e test answers it with a 2xx. The list below is a debt, not a design:
  // each needs a test that calls it successfully, and then leaves this list (a stale entry fails the run).
  'DELETE /circulation/policies/{id}': 'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'GET /institutions/{id}/hours': 'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'GET /rotation/offline-batches/{id}':
    'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'GET /service-points/{id}': 'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'PATCH /patrons/{id}': 'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'PATCH /rotation/collections/{id}': 'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'PATCH /units/{id}': 'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'POST /admin/network-admins': 'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'POST /events/tickets/{code}/claim': 'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'POST /me/consents/{consentId}/withdraw':
    'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'POST /patrons/{id}/verify': 'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'POST /rotation/collections/{id}/copies/remove':
    'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'POST /rotation/collections/{id}/retire':
    'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'POST /rotation/itineraries/{id}/cancel':
    'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'POST /rotation/shipments/{id}/cancel':
    'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'PUT /admin/accounts/{id}/system-admin':
    'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'PUT /plans/{planId}': 'no test answers it with a 2xx yet (found by the first full run; to be covered)',
  'PUT /rotation/itineraries/{id}/stages':
    'no test answers it with a 2xx yet (found by the first full run; to be covered)',
};
let conformanceFailed = false;
if (existsSync(conformanceFile)) {
  const records = readFileSync(conformanceFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  rmSync(conformanceFile, { force: true });
  rmSync(`${conformanceFile}.openapi.json`, { force: true });
  const operations = new Set(records.flatMap((r) => r.operations));
  const seen = new Set(records.flatMap((r) => r.seen));
  const violations = new Map();
  for (const r of records) for (const v of r.violations) violations.set(v, [...(violations.get(v) ?? []), r.file]);
  console.log(`\nresponse conformance: ${seen.size} of ${operations.size} documented operations answered and checked`);
  for (const [v, files] of [...violations].sort()) console.log(`  ✗ ${v}  (${[...new Set(files)].join(', ')})`);
  if (violations.size) {
    console.log(`${violations.size} response(s) departed from the OpenAPI document`);
    conformanceFailed = true;
  }
  const stale = Object.keys(NOT_EXERCISED).filter((op) => seen.has(op) || !operations.has(op));
  if (jestArgs.every((a) => a.startsWith('-'))) {
    const missing = [...operations].filter((op) => !seen.has(op) && !(op in NOT_EXERCISED)).sort();
    for (const op of missing) console.log(`  never exercised: ${op}`);
    for (const op of stale) console.log(`  excluded but exercised or gone (remove from NOT_EXERCISED): ${op}`);
    if (missing.length || stale.length) conformanceFailed = true;
  }
}
if (existsSync(results)) {
  const r = JSON.parse(readFileSync(results, 'utf8'));
  rmSync(results, { force: true });
  // A suite that failed to run (syntax error, failing beforeAll import) counts as a failure too.
  if (r.numRuntimeErrorTestSuites) console.log(`${r.numRuntimeErrorTestSuites} test file(s) failed to run`);
  console.log(
    `\ntests: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  );
  if (r.numTotalTests === 0) {
    console.log('no test ran');
    process.exit(1);
  }
}
process.exit(status || (conformanceFailed ? 1 : 0));
