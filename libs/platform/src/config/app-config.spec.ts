import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './app-config.js';
import { EnvironmentVariables } from './env.schema.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('accepts an empty environment and applies the documented defaults', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.demoData).toBe(true);
    expect(c.queueBackend).toBe('postgres');
    expect(c.searchBackend).toBe('postgres');
    expect(c.corsOrigins).toBe('*');
  });

  it('coerces numbers, booleans and lists from strings', () => {
    const c = loadConfig({
      PORT: '8080',
      DEMO_DATA: 'false',
      START_WORKER: '0',
      CORS_ORIGINS: 'https://thuvien.hanoi.gov.vn, https://a.vn',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(c.PORT).toBe(8080);
    expect(c.demoData).toBe(false);
    expect(c.START_WORKER).toBe(false);
    expect(c.corsOrigins).toEqual(['https://thuvien.hanoi.gov.vn', 'https://a.vn']);
    expect(c.queueBackend).toBe('redis');
  });

  it('names each bad variable and what is wrong with it, in one message', () => {
    const e = problemsOf({
      PORT: 'tám nghìn',
      DATABASE_URL: 'mysql://x',
      LOG_LEVEL: 'loud',
      DEMO_DATA: 'có lẽ',
      BODY_LIMIT: '1 gigabyte',
    });
    const vars = e.problems.map((p) => p.variable).sort();
    expect(vars).toEqual(expect.arrayContaining(['BODY_LIMIT', 'DATABASE_URL', 'DEMO_DATA', 'LOG_LEVEL', 'PORT']));
    expect(e.message).toMatch(/PORT: .*got "tám nghìn"/);
    expect(e.message).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(e.message).toMatch(/LOG_LEVEL: .*(one of|following values)/);
    expect(e.message).toContain('README.md');
  });

  it('rejects out-of-range numbers with the variable named', () => {
    const e = problemsOf({ PORT: '70000', OUTBOX_BATCH_SIZE: '0' });
    expect(e.problems.map((p) => p.variable).sort()).toEqual(['OUTBOX_BATCH_SIZE', 'PORT']);
  });

  it('refuses production without a strong JWT_SECRET, and names it', () => {
    const e = problemsOf({ NODE_ENV: 'production' });
    expect(e.problems.map((p) => p.variable)).toEqual(['JWT_SECRET']);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'ngắn' })).toThrow(
      /JWT_SECRET: must be at least 32 characters/,
    );
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).isProduction).toBe(true);
  });

  it('reads only the variables it declares', () => {
    const c = loadConfig({ PATH: '/usr/bin', SUOTDOI_SOMETHING: 'x' } as Record<string, string>);
    expect(Object.keys(c)).not.toContain('PATH');
    expect(Object.keys(c).sort()).toEqual(Object.keys(new EnvironmentVariables()).sort());
  });

  it('points PUBLIC_URL at PORT unless it is set', () => {
    expect(loadConfig({ PORT: '3300' }).PUBLIC_URL).toBe('http://localhost:3300');
    expect(loadConfig({}).PUBLIC_URL).toBe('http://localhost:3000');
    expect(loadConfig({ PORT: '3300', PUBLIC_URL: 'https://thuvien.quangtri.gov.vn' }).PUBLIC_URL).toBe(
      'https://thuvien.quangtri.gov.vn',
    );
  });

  it('explains a missing database when nothing started one', () => {
    expect(() => loadConfig({}).databaseUrl).toThrow(/DATABASE_URL: is not set/);
  });
});
