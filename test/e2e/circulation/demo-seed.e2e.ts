import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SeedRunner } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';

describe('circulation demo data (order 40)', () => {
  let t: TestApp;
  let summary: string[];
  beforeAll(async () => {
    t = await bootTestApp();
    summary = (await t.app.get(SeedRunner).run()).summary;
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('lends a few demo copies (one overdue) and places a hold, consistently with copy statuses', async () => {
    expect(summary.join('\n')).toMatch(/circulation: \d demo loans \(1 overdue\) and 1 hold at /);
    const ds = t.app.get(DataSource);
    const [{ open, overdue }] = await ds.query(
      `SELECT count(*)::int AS open, count(*) FILTER (WHERE due_at < now())::int AS overdue FROM circulation.loans WHERE returned_at IS NULL`,
    );
    expect(open).toBeGreaterThanOrEqual(3);
    expect(overdue).toBe(1);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM circulation.holds WHERE status = 'waiting' AND queue_position = 1`,
    );
    expect(n).toBe(1);
  });

  it('is idempotent', async () => {
    const again = (await t.app.get(SeedRunner).run()).summary.join('\n');
    expect(again).toContain('circulation: demo loans already loaded');
  }, 120_000);
});
