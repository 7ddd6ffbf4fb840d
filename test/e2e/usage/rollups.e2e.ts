import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { RollupService, UsageIngestionService, type StampedUsageEvent, type UsageEventKind } from '@suotdoi/usage';
import { bootTestApp, type TestApp } from '../../support/app.js';

// Stamped events go straight to the event log (the location/unit stamping needs the network module's directory;
// HTTP ingestion is covered in ingestion.e2e.ts). These tests prove idempotency, rollups, restatements and crash safety.
const inst = [randomUUID(), randomUUID()];
const unit = randomUUID();
let seq = 0;
const ev = (over: Partial<StampedUsageEvent> & { occurredAt: Date }): StampedUsageEvent => ({
  clientEventId: `t-${++seq}`,
  kind: 'visit' as UsageEventKind,
  institutionId: inst[0]!,
  servicePointId: null,
  unitId: unit,
  patronKey: null,
  quantity: 1,
  rawCrossings: null,
  basis: 'counted',
  source: 'api',
  ...over,
});

describe('usage event log and rollups', () => {
  let t: TestApp;
  let ingestion: UsageIngestionService;
  let rollup: RollupService;
  let ds: DataSource;
  const total = async (scope: string, id: string, grain: string, start: string, kind = 'visit') => {
    const r = await ds.query(
      `SELECT value FROM usage.rollups WHERE scope=$1 AND scope_id=$2 AND grain=$3 AND period_start=$4 AND kind=$5`,
      [scope, id, grain, start, kind],
    );
    return r[0] ? Number(r[0].value) : null;
  };

  beforeAll(async () => {
    t = await bootTestApp();
    ingestion = t.app.get(UsageIngestionService);
    rollup = t.app.get(RollupService);
    ds = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores each client event id once, even from concurrent identical batches', async () => {
    const batch = Array.from({ length: 3000 }, (_, i) =>
      ev({
        clientEventId: `race-${i}`,
        institutionId: inst[i % 2]!,
        occurredAt: new Date(Date.UTC(2023, 4, 1 + (i % 28), 3)),
      }),
    );
    const reversed = [...batch].reverse();
    const results = await Promise.all([
      ingestion.ingestStamped(batch),
      ingestion.ingestStamped(reversed),
      ingestion.ingestStamped(batch.slice(1000)),
      ingestion.ingestStamped(batch),
    ]);
    expect(results.reduce((a, b) => a + b, 0)).toBe(3000);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM usage.events WHERE client_event_id LIKE 'race-%'`);
    expect(n).toBe(3000);
    expect(await ingestion.ingestStamped(batch)).toBe(0);
    await rollup.run();
    expect(await total('unit', unit, 'year', '2023-01-01')).toBe(3000);
    expect(await total('institution', inst[0]!, 'month', '2023-05-01')).toBe(1500);
  });

  it('refuses to change or delete an event', async () => {
    await expect(ds.query(`UPDATE usage.events SET quantity = 5 WHERE client_event_id = 'race-1'`)).rejects.toThrow(
      /immutable/,
    );
    await expect(ds.query(`DELETE FROM usage.events WHERE client_event_id = 'race-1'`)).rejects.toThrow(/immutable/);
  });

  it('puts 31 Dec 23:59:59 and 1 Jan 00:00 Vietnam time in their own years', async () => {
    await ingestion.ingestStamped([
      ev({
        clientEventId: 'nye-last',
        institutionId: inst[1]!,
        kind: 'loan',
        occurredAt: new Date('2021-12-31T23:59:59+07:00'),
      }),
      ev({
        clientEventId: 'nye-first',
        institutionId: inst[1]!,
        kind: 'loan',
        occurredAt: new Date('2022-01-01T00:00:00+07:00'),
        quantity: 2,
      }),
    ]);
    await rollup.run();
    expect(await total('institution', inst[1]!, 'year', '2021-01-01', 'loan')).toBe(1);
    expect(await total('institution', inst[1]!, 'day', '2021-12-31', 'loan')).toBe(1);
    expect(await total('institution', inst[1]!, 'year', '2022-01-01', 'loan')).toBe(2);
  });

  it('halves gate crossings into visits and keeps estimated figures apart', async () => {
    const gate = randomUUID();
    await ingestion.ingestStamped([
      ev({
        clientEventId: 'gate-1',
        institutionId: gate,
        quantity: 10.5,
        rawCrossings: 21,
        source: 'gate_counter',
        occurredAt: new Date('2020-03-02T09:00:00+07:00'),
      }),
      ev({
        clientEventId: 'gate-2',
        institutionId: gate,
        quantity: 4,
        basis: 'estimated',
        occurredAt: new Date('2020-03-03T09:00:00+07:00'),
      }),
    ]);
    await rollup.run();
    const [r] = await ds.query(`SELECT value, estimated_value FROM usage.rollups WHERE scope_id=$1 AND grain='year'`, [
      gate,
    ]);
    expect(Number(r.value)).toBe(14.5);
    expect(Number(r.estimated_value)).toBe(4);
  });

  it('records a restatement when a late event changes a closed period', async () => {
    const before = await total('institution', inst[0]!, 'year', '2023-01-01');
    await ingestion.ingestStamped([
      ev({ clientEventId: 'late-1', occurredAt: new Date('2023-05-20T10:00:00+07:00'), quantity: 7 }),
    ]);
    const r = await rollup.run();
    expect(r.restatements).toBeGreaterThanOrEqual(4); // institution + unit, month + year
    expect(await total('institution', inst[0]!, 'year', '2023-01-01')).toBe(before! + 7);
    const rows = await ds.query(
      `SELECT scope, grain, old_value, new_value FROM usage.restatements WHERE scope_id=$1 ORDER BY grain`,
      [inst[0]],
    );
    expect(rows.map((x: Record<string, string>) => [x.grain, Number(x.old_value), Number(x.new_value)])).toEqual([
      ['month', 1500, 1507],
      ['year', 1500, 1507],
    ]);
  });

  it('leaves totals and pending work unchanged when the rollup worker is killed midway', async () => {
    const snapshot = async () =>
      ds.query(`SELECT scope, scope_id, grain, period_start, kind, value FROM usage.rollups ORDER BY 1,2,3,4,5`);
    const before = await snapshot();
    await ingestion.ingestStamped([
      ev({ clientEventId: 'kill-1', occurredAt: new Date('2023-06-01T10:00:00+07:00'), quantity: 100 }),
    ]);
    const killer = new pg.Client({ connectionString: t.config.databaseUrl });
    await killer.connect();
    await expect(
      rollup.run(async (step, pid) => {
        if (step === 'months') await killer.query('SELECT pg_terminate_backend($1)', [pid]);
      }),
    ).rejects.toThrow();
    await killer.end();
    expect(await snapshot()).toEqual(before);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM usage.dirty_days`);
    expect(n).toBe(1);
    await rollup.run();
    expect(await total('institution', inst[0]!, 'month', '2023-06-01')).toBe(100);
  });

  it('recomputes every rollup from the events to the same figures, and reconciles', async () => {
    const snapshot = async () =>
      ds.query(
        `SELECT scope, scope_id, grain, period_start, kind, value, event_count FROM usage.rollups ORDER BY 1,2,3,4,5`,
      );
    const before = await snapshot();
    await ds.query(`DELETE FROM usage.rollups`);
    await rollup.recomputeAll();
    expect(await snapshot()).toEqual(before);
    expect(await rollup.reconcile()).toEqual({ pendingDays: 0, mismatches: [] });
    await ds.query(
      `UPDATE usage.rollups SET value = value + 1 WHERE scope='institution' AND grain='year' AND scope_id=$1 AND period_start='2023-01-01'`,
      [inst[0]],
    );
    const r = await rollup.reconcile([2023]);
    expect(r.mismatches).toEqual([
      { institutionId: inst[0], year: 2023, kind: 'visit', rolledUp: 1608, recounted: 1607 },
    ]);
  });
});
