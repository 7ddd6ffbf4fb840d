// Demo usage events (written only by the demo seeder, client event ids `demo:…`) never enter figures unnoticed: every
// figures answer says how many demo events, and how much quantity, it includes.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RollupService, UsageIngestionService, type StampedUsageEvent } from '@suotdoi/usage';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createSystemAdmin } from '../../support/fixtures.js';

const seeded = randomUUID();
const real = randomUUID();
const unit = randomUUID();
const event = (clientEventId: string, institutionId: string, day: number, quantity: number): StampedUsageEvent => ({
  clientEventId,
  kind: 'visit',
  institutionId,
  servicePointId: null,
  unitId: unit,
  occurredAt: new Date(Date.UTC(2023, 4, day, 3)), // 10:00 in Vietnam, May 2023
  patronKey: null,
  quantity,
  rawCrossings: null,
  basis: 'counted',
  source: 'api',
});

describe('demo usage events in figures', () => {
  let t: TestApp;
  let admin: { token: string };
  beforeAll(async () => {
    t = await bootTestApp();
    admin = await createSystemAdmin(t);
    await t.app
      .get(UsageIngestionService)
      .ingestStamped([
        ...Array.from({ length: 10 }, (_, i) => event(`demo:HN-TV-ĐH:2023-05:visit-${i}`, seeded, 1 + i, 5)),
        ...Array.from({ length: 3 }, (_, i) => event(`cong-dem-${i}`, seeded, 20 + i, 1)),
        ...Array.from({ length: 4 }, (_, i) => event(`that-${i}`, real, 2 + i, 2)),
      ]);
    await t.app.get(RollupService).run();
  });
  afterAll(() => t.close());

  const figures = (scope: string, ids: string[]) =>
    t
      .http()
      .get('/usage/figures')
      .query({ scope, ids: ids.join(','), grain: 'month', from: '2023-05-01', to: '2023-06-01', kinds: 'visit' })
      .set(auth(admin.token))
      .expect(200);

  it('says how many demo events and how much of the value come from demo data', async () => {
    const mixed = (await figures('institution', [seeded])).body;
    expect(mixed.rows.map((r: { value: number }) => r.value)).toEqual([53]);
    expect(mixed.demo).toEqual({ events: 10, quantity: 50 });
    const clean = (await figures('institution', [real])).body;
    expect(clean.rows.map((r: { value: number }) => r.value)).toEqual([8]);
    expect(clean.demo).toEqual({ events: 0, quantity: 0 });
    const both = (await figures('unit', [unit])).body;
    expect(both.rows.map((r: { value: number }) => r.value)).toEqual([61]);
    expect(both.demo).toEqual({ events: 10, quantity: 50 });
  });
});
