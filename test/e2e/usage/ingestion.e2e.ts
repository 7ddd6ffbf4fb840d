import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { InstitutionsService } from '@suotdoi/network';
import { OutboxService } from '@suotdoi/platform';
import { RollupService, USAGE_EVENT_TOPIC, type UsageEventPayload } from '@suotdoi/usage';
import { bootTestApp, type TestApp } from '../../support/app.js';
import {
  auth,
  createInstitution,
  createNetworkAdmin,
  createServicePoint,
  createStaff,
  createTwoJurisdictions,
  createUnit,
} from '../../support/fixtures.js';

describe('usage ingestion over HTTP and through the outbox', () => {
  let t: TestApp;
  let ds: DataSource;
  let j: Awaited<ReturnType<typeof createTwoJurisdictions>>;
  let staffA: string;
  let staffB: string;
  const count = async (where: string, params: unknown[] = []) =>
    Number((await ds.query(`SELECT coalesce(sum(quantity), 0) AS n FROM usage.events WHERE ${where}`, params))[0].n);

  beforeAll(async () => {
    // A full 10,000-event batch is about 1.5 MB of JSON: more than BODY_LIMIT (1mb), within BATCH_BODY_LIMIT (8mb).
    t = await bootTestApp({ worker: true });
    ds = t.app.get<DataSource>(getDataSourceToken());
    j = await createTwoJurisdictions(t);
    staffA = (await createStaff(t, { institutionId: j.a.institutionId, roles: ['circulation'] })).token;
    staffB = (await createStaff(t, { institutionId: j.b.institutionId, roles: ['circulation'] })).token;
  });
  afterAll(async () => {
    await t?.close();
  });

  const batch = (prefix: string, n: number, locationId: string, at = '2025-03-01T09:00:00+07:00') =>
    Array.from({ length: n }, (_, i) => ({
      clientEventId: `${prefix}-${i}`,
      kind: 'visit',
      locationId,
      occurredAt: at,
      patronKey: `p${i % 7}`,
    }));

  it('ingests a batch once: sending it again (even concurrently) changes nothing', async () => {
    const events = batch('http-dup', 500, j.a.institutionId);
    const results = await Promise.all(
      [1, 2, 3].map(() => t.http().post('/usage/events/batch').set(auth(staffA)).send({ events }).expect(200)),
    );
    expect(results.map((r) => r.body.inserted).reduce((a, b) => a + b, 0)).toBe(500);
    const again = await t.http().post('/usage/events/batch').set(auth(staffA)).send({ events }).expect(200);
    expect(again.body).toEqual({ received: 500, inserted: 0, duplicates: 500 });
    expect(await count(`client_event_id LIKE 'http-dup-%'`)).toBe(500);
  });

  it('stamps the unit of the moment and resolves service points to their institution', async () => {
    const province = await createUnit(t, { name: 'Tỉnh Quảng Trị' });
    const oldCommune = await createUnit(t, { level: 'commune', parentId: province.unitId, name: 'Xã Tân Hợp' });
    const newCommune = await createUnit(t, {
      level: 'commune',
      parentId: province.unitId,
      name: 'Xã Hướng Phùng',
      validFrom: '2025-07-01',
    });
    const lib = await createInstitution(t, { unitId: oldCommune.unitId, name: 'Thư viện xã Tân Hợp' });
    await t.app
      .get(InstitutionsService, { strict: false })
      .moveToUnit(lib.institutionId, newCommune.unitId, '2025-07-01');
    const sp = await createServicePoint(t, { institutionId: lib.institutionId, name: 'Điểm Bưu điện - Văn hóa xã' });
    const staff = (await createStaff(t, { institutionId: lib.institutionId })).token;
    await t
      .http()
      .post('/usage/events/batch')
      .set(auth(staff))
      .send({
        events: [
          {
            clientEventId: 'stamp-before',
            kind: 'loan',
            locationId: lib.institutionId,
            occurredAt: '2025-06-30T23:59:59+07:00',
          },
          {
            clientEventId: 'stamp-after',
            kind: 'loan',
            locationId: sp.servicePointId,
            occurredAt: '2025-07-01T00:00:00+07:00',
          },
        ],
      })
      .expect(200);
    const rows = await ds.query(
      `SELECT client_event_id, unit_id, institution_id, service_point_id, to_char(period_day, 'YYYY-MM-DD') AS day FROM usage.events WHERE client_event_id LIKE 'stamp-%' ORDER BY 1`,
    );
    expect(rows).toEqual([
      {
        client_event_id: 'stamp-after',
        unit_id: newCommune.unitId,
        institution_id: lib.institutionId,
        service_point_id: sp.servicePointId,
        day: '2025-07-01',
      },
      {
        client_event_id: 'stamp-before',
        unit_id: oldCommune.unitId,
        institution_id: lib.institutionId,
        service_point_id: null,
        day: '2025-06-30',
      },
    ]);
  });

  it('counts a visit as half the gate crossings', async () => {
    await t
      .http()
      .post('/usage/events/batch')
      .set(auth(staffA))
      .send({
        events: [
          {
            clientEventId: 'gate-a-2025-03-02',
            kind: 'visit',
            locationId: j.a.institutionId,
            occurredAt: '2025-03-02T18:00:00+07:00',
            crossings: 245,
          },
        ],
      })
      .expect(200);
    const [row] = await ds.query(
      `SELECT quantity, raw_crossings, source FROM usage.events WHERE client_event_id = 'gate-a-2025-03-02'`,
    );
    expect(row).toEqual({ quantity: '122.5', raw_crossings: 245, source: 'gate_counter' });
    const bad = await t
      .http()
      .post('/usage/events/batch')
      .set(auth(staffA))
      .send({
        events: [
          {
            clientEventId: 'gate-bad',
            kind: 'loan',
            locationId: j.a.institutionId,
            occurredAt: '2025-03-02T18:00:00+07:00',
            crossings: 4,
          },
        ],
      })
      .expect(400);
    expect(bad.body.code).toBe('usage/crossings_only_for_visits');
  });

  it("refuses another institution's events (404) and bad input (4xx, nothing written)", async () => {
    const other = await t
      .http()
      .post('/usage/events/batch')
      .set(auth(staffB))
      .send({ events: batch('foreign', 2, j.a.institutionId) })
      .expect(404);
    expect(other.body.code).toBe('usage/institution_not_found');
    await t
      .http()
      .post('/usage/events/batch')
      .send({ events: batch('anon', 1, j.a.institutionId) })
      .expect(401);
    const v = await t
      .http()
      .post('/usage/events/batch')
      .set(auth(staffA))
      .send({
        events: [{ clientEventId: 'x', kind: 'tham_quan', locationId: j.a.institutionId, occurredAt: 'hôm qua' }],
      })
      .expect(400);
    expect(v.body.code).toBe('platform/validation_failed');
    const future = await t
      .http()
      .post('/usage/events/batch')
      .set(auth(staffA))
      .send({ events: batch('future', 1, j.a.institutionId, '2999-01-01T00:00:00Z') })
      .expect(422);
    expect(future.body.code).toBe('usage/event_in_future');
    expect(
      await count(
        `client_event_id LIKE 'foreign-%' OR client_event_id LIKE 'future-%' OR client_event_id LIKE 'anon-%'`,
      ),
    ).toBe(0);
  });

  it('stores events written to the outbox by another module, once', async () => {
    const outbox = t.app.get(OutboxService);
    const payload: UsageEventPayload = {
      events: [
        {
          clientEventId: 'circulation:loan:Đ-1',
          kind: 'loan',
          locationId: j.b.institutionId,
          occurredAt: '2025-04-21T10:00:00+07:00',
          patronKey: 'k1',
        },
      ],
    };
    await ds.transaction(async (m) => {
      await outbox.add(m, { topic: USAGE_EVENT_TOPIC, payload }, { topic: USAGE_EVENT_TOPIC, payload });
    });
    for (let i = 0; i < 100 && (await count(`client_event_id = 'circulation:loan:Đ-1'`)) === 0; i++)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 200));
    expect(await count(`client_event_id = 'circulation:loan:Đ-1'`)).toBe(1);
  });

  it('lets a network administrator enter manual figures that roll up marked manual, and supersedes them', async () => {
    const admin = (await createNetworkAdmin(t, j.a.provinceId)).token;
    const first = await t
      .http()
      .post('/usage/manual-figures')
      .set(auth(admin))
      .send({
        institutionId: j.a.institutionId,
        kind: 'visit',
        grain: 'month',
        period: '2024-05',
        value: 1200,
        basis: 'estimated',
      })
      .expect(201);
    expect(first.body).toMatchObject({
      manual: true,
      periodStart: '2024-05-01',
      replacedValue: null,
      basis: 'estimated',
    });
    const second = await t
      .http()
      .post('/usage/manual-figures')
      .set(auth(admin))
      .send({
        institutionId: j.a.institutionId,
        kind: 'visit',
        grain: 'month',
        period: '2024-05',
        value: 1300,
        basis: 'counted',
      })
      .expect(201);
    expect(second.body.replacedValue).toBe(1200);
    await t
      .http()
      .post('/usage/manual-figures')
      .set(auth(admin))
      .send({
        institutionId: j.b.institutionId,
        kind: 'visit',
        grain: 'year',
        period: '2024',
        value: 5,
        basis: 'counted',
      })
      .expect(404);
    const badPeriod = await t
      .http()
      .post('/usage/manual-figures')
      .set(auth(admin))
      .send({
        institutionId: j.a.institutionId,
        kind: 'visit',
        grain: 'year',
        period: '2024-13',
        value: 5,
        basis: 'counted',
      })
      .expect(400);
    expect(badPeriod.body.messageVi).toBe('Kỳ 2024-13 không phải là một năm (YYYY) hợp lệ.');
    await t.app.get(RollupService).catchUp();
    const [r] = await ds.query(
      `SELECT value, manual_value FROM usage.rollups WHERE scope='institution' AND scope_id=$1 AND grain='year' AND period_start='2024-01-01' AND kind='visit'`,
      [j.a.institutionId],
    );
    expect(r).toEqual({ value: '1300.0', manual_value: '1300.0' });
  });

  it('refuses manual figures that would count something twice, even when entered concurrently', async () => {
    const admin = (await createNetworkAdmin(t, j.a.provinceId)).token;
    const { institutionId } = await createInstitution(t, { unitId: j.a.communeId, name: 'Thư viện xã Tân Hợp' });
    const enter = (body: Record<string, unknown>) =>
      t
        .http()
        .post('/usage/manual-figures')
        .set(auth(admin))
        .send({ institutionId, kind: 'visit', basis: 'counted', ...body });
    // Monthly and yearly figures for the same year and kind: whichever comes first wins, the other is refused.
    const raced = await Promise.all([
      enter({ grain: 'year', period: '2023', value: 9000 }),
      enter({ grain: 'month', period: '2023-03', value: 800 }),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(raced.find((r) => r.status === 409)!.body.code).toBe('usage/manual_figure_grain_conflict');
    expect(raced.find((r) => r.status === 409)!.body.messageVi).toContain('tính trùng');
    // Names in Vietnamese, not ids and kind codes.
    expect(raced.find((r) => r.status === 409)!.body.messageVi).toMatch(
      /^Thư viện xã Tân Hợp đã có số liệu theo (năm|tháng) về “Lượt bạn đọc đến thư viện \(trực tiếp\)” năm 2023/,
    );
    expect(raced.find((r) => r.status === 409)!.body.messageVi).not.toMatch(/visit|month|year|[0-9a-f]{8}-[0-9a-f]{4}/);
    // Another kind or another year is independent.
    await enter({ grain: 'month', period: '2022-03', value: 700 }).expect(201);
    await enter({ kind: 'loan', grain: 'year', period: '2023', value: 300 }).expect(201);
    // A month the institution already reports through the system (events, rolled up or not yet).
    await t
      .http()
      .post('/usage/events/batch')
      .set(auth(admin))
      .send({ events: batch('tan-hop', 3, institutionId, '2022-06-10T10:00:00+07:00') })
      .expect(200);
    const overlap = await enter({ grain: 'month', period: '2022-06', value: 50 }).expect(409);
    expect(overlap.body).toMatchObject({ code: 'usage/manual_figure_overlaps_events', details: { events: 3 } });
    expect(overlap.body.messageVi).toBe(
      'Thư viện xã Tân Hợp đã ghi nhận “Lượt bạn đọc đến thư viện (trực tiếp)” trên hệ thống trong kỳ 2022-06 (3 sự kiện): nhập số liệu thủ công sẽ tính trùng.',
    );
    await t.app.get(RollupService).catchUp();
    await enter({ grain: 'month', period: '2022-06', value: 50 }).expect(409);
    await enter({ grain: 'month', period: '2022-07', value: 50 }).expect(201);
  });

  it('accepts 10,000 events in one call', async () => {
    const events = batch('big', 10_000, j.a.institutionId, '2025-05-05T09:00:00+07:00');
    const r = await t.http().post('/usage/events/batch').set(auth(staffA)).send({ events }).expect(200);
    expect(r.body.inserted).toBe(10_000);
    expect(await count(`client_event_id LIKE 'big-%'`)).toBe(10_000);
    await t
      .http()
      .post('/usage/events/batch')
      .set(auth(staffA))
      .send({ events: [...events, events[0]] })
      .expect(400);
  });
});
