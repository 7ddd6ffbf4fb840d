// Without JWT_SECRET nothing signs with a secret anyone can read in the source: the first start generates one at
// random, owner-readable only, and every later start (and each of its processes) reads the same; and the API binds to
// loopback unless HOST says otherwise.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, localSecret } from '@suotdoi/platform';

describe('signing secret and bind address', () => {
  it('generates a random secret per installation, 0600, kept across starts', () => {
    const a = mkdtempSync(join(tmpdir(), 'suotdoi-secret-'));
    const b = mkdtempSync(join(tmpdir(), 'suotdoi-secret-'));
    try {
      const first = localSecret(join(a, '.data/jwt-secret'));
      expect(first.created).toBe(true);
      expect(first.secret.length).toBeGreaterThanOrEqual(48);
      expect(statSync(first.path).mode & 0o777).toBe(0o600);
      expect(readFileSync(first.path, 'utf8').trim()).toBe(first.secret);
      const again = localSecret(join(a, '.data/jwt-secret'));
      expect(again).toMatchObject({ secret: first.secret, created: false });
      expect(localSecret(join(b, '.data/jwt-secret')).secret).not.toBe(first.secret);
      // A copy that left it readable by others is tightened; a file that holds no secret is refused.
      writeFileSync(join(b, 'loose'), `${'x'.repeat(40)}\n`, { mode: 0o644 });
      localSecret(join(b, 'loose'));
      expect(statSync(join(b, 'loose')).mode & 0o777).toBe(0o600);
      mkdirSync(join(b, 'short'));
      writeFileSync(join(b, 'short/jwt-secret'), 'ngắn');
      expect(() => localSecret(join(b, 'short/jwt-secret'))).toThrow(/no usable secret/);
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });

  it('no two test processes share a signing secret, and JWT_SECRET wins when set', () => {
    const test = loadConfig({ NODE_ENV: 'test' });
    expect(test.jwtSecret).not.toMatch(/development|change-me/);
    expect(test.jwtSecret.length).toBeGreaterThanOrEqual(48);
    const own = 'một-bí-mật-rất-dài-của-thư-viện-tỉnh-0123456789';
    expect(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: own, DATABASE_URL: 'postgres://x@127.0.0.1/x' }).jwtSecret,
    ).toBe(own);
  });

  it('binds to 127.0.0.1 unless HOST says otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).HOST).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development', HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });
});
