import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SeedRunner } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';

describe('rotation demo data (order 42)', () => {
  let t: TestApp;
  let summary: string[];
  beforeAll(async () => {
    t = await bootTestApp();
    summary = (await t.app.get(SeedRunner).run()).summary;
  }, 300_000);
  afterAll(async () => {
    await t?.close();
  });

  it('sends the Vân Kiều – Pa Kô collection to its first Hướng Hóa stage and leaves deposit collections at Đắk Hà schools', async () => {
    expect(summary.join('\n')).toMatch(
      /rotation: collection “Bộ sách Vân Kiều – Pa Kô số 1” \(\d+ copies\) at Thư viện xã Tân Hợp/,
    );
    const ds = t.app.get(DataSource);
    const [c] = await ds.query(
      `SELECT c.id, (SELECT count(*)::int FROM rotation.collection_copies cc WHERE cc.collection_id = c.id AND cc.removed_at IS NULL) AS n FROM rotation.collections c WHERE c.name = 'Bộ sách Vân Kiều – Pa Kô số 1'`,
    );
    const [{ away }] = await ds.query(
      `SELECT count(*)::int AS away FROM catalogue.copies WHERE base_institution_id <> home_institution_id AND status = 'available'`,
    );
    expect(away).toBeGreaterThanOrEqual(c.n);
    const [{ deposits }] = await ds.query(
      `SELECT count(*)::int AS deposits FROM rotation.collections WHERE kind = 'deposit'`,
    );
    expect(deposits).toBe(2);
  });

  it('is idempotent', async () => {
    const again = (await t.app.get(SeedRunner).run()).summary.join('\n');
    expect(again).toContain('rotation: demo collections already loaded');
  }, 120_000);
});
