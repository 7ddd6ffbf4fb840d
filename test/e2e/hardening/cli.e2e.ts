// Production installs: no demo data unless asked, a first system administrator created from the command line (the
// password never on it), and clear messages instead of stack traces for the usual mistakes.
import { describe, expect, it, afterAll, beforeAll } from '@jest/globals';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';

const cli = new URL('../../../dist/apps/cli/src/main.js', import.meta.url).pathname;

/** Run the built CLI with exactly this environment (nothing inherited but PATH). */
function run(args: string[], env: Record<string, string>, cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, cwd, timeout: 120_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
      },
    );
  });
}

describe('command line for production installs', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'suotdoi-cli-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  it('production loads no demo data unless DEMO_DATA=true says so', () => {
    const prod = {
      NODE_ENV: 'production',
      JWT_SECRET: 'bí-mật-của-sở-văn-hóa-tỉnh-0123456789',
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
    };
    expect(loadConfig(prod).demoData).toBe(false);
    expect(loadConfig({ ...prod, DEMO_DATA: 'true' }).demoData).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development' }).demoData).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', DEMO_DATA: 'false' }).demoData).toBe(false);
  });

  it('create-admin makes a system administrator who can sign in; never takes the password from argv', async () => {
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: db.url,
      JWT_SECRET: 'bí-mật-của-sở-văn-hóa-tỉnh-0123456789',
      QUEUE_PREFIX: `c_${db.name.slice(-8)}`,
    };
    const refused = await run(
      [
        'create-admin',
        '--email',
        'quan.tri@sovanhoa.gov.vn',
        '--name',
        'Đỗ Thị Hạnh',
        '--password',
        'Mật-khẩu-rất-dài-2026',
      ],
      env,
      dir,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.out).toContain('never taken from the command line');
    expect(refused.out).not.toMatch(/\n\s+at /);
    const file = join(dir, 'admin-password');
    writeFileSync(file, 'Mật-khẩu-rất-dài-2026\n', { mode: 0o600 });
    const made = await run(
      ['create-admin', '--email', 'quan.tri@sovanhoa.gov.vn', '--name', 'Đỗ Thị Hạnh', '--password-file', file],
      env,
      dir,
    );
    expect(made.out).toContain('system administrator Đỗ Thị Hạnh <quan.tri@sovanhoa.gov.vn> created');
    expect(made.code).toBe(0);
    // Twice: refused with the reason, no stack trace.
    const again = await run(
      ['create-admin', '--email', 'quan.tri@sovanhoa.gov.vn', '--name', 'Đỗ Thị Hạnh', '--password-file', file],
      env,
      dir,
    );
    expect(again.code).not.toBe(0);
    expect(again.out).toContain('Đã có tài khoản dùng e-mail này.');
    expect(again.out).not.toMatch(/\n\s+at /);
    const t: TestApp = await bootTestApp({ db });
    try {
      const s = await t
        .http()
        .post('/auth/sign-in')
        .send({ login: 'quan.tri@sovanhoa.gov.vn', password: 'Mật-khẩu-rất-dài-2026'.normalize('NFD') })
        .expect(200);
      const me = await t.http().get('/me').set('Authorization', `Bearer ${s.body.accessToken}`).expect(200);
      expect(JSON.stringify(me.body)).toContain('Đỗ Thị Hạnh');
    } finally {
      await t.app.close();
    }
  }, 300_000);

  it('migrate while the embedded database is in use says so and how to proceed', async () => {
    const pgDir = join(dir, 'postgres');
    mkdirSync(pgDir, { recursive: true });
    writeFileSync(join(pgDir, 'postmaster.pid'), '12345\n');
    const r = await run(['migrate'], { NODE_ENV: 'development', EMBEDDED_PG_DIR: pgDir }, dir);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('is in use');
    expect(r.out).toContain('DATABASE_URL=postgresql://');
    expect(r.out).not.toMatch(/undefined|\n\s+at /);
  }, 120_000);
});
