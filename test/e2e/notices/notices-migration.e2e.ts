import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { allMigrations } from '@suotdoi/core';
import { buildDataSourceOptions, loadConfig, runMigrations } from '@suotdoi/platform';
import { TEST_ENV, withDatabase } from '../../support/services.js';

// The notices module's first migration moves what identity and circulation had: circulation's notices (feed rows,
// sent and read stamps), their undelivered outbox rows, and identity's queued "card issued" e-mails. A database is
// migrated up to just before it, given such rows, then migrated to the end.

const NOTICES_INIT = 1764820000100;
const stamp = (m: unknown) => Number(/(\d{13})$/.exec((m as { name: string }).name)?.[1] ?? 0);

describe('notices migration from the old stacks', () => {
  const adminUrl = process.env[TEST_ENV.adminUrl]!;
  const name = `suotdoi_mig_${randomBytes(4).toString('hex')}`;
  const url = withDatabase(adminUrl, name);
  const dataSource = (migrations: (new () => unknown)[]) =>
    new DataSource(
      buildDataSourceOptions(loadConfig({ DATABASE_URL: url, NODE_ENV: 'test', LOG_LEVEL: 'silent' }), {
        migrations,
        applicationName: 'suotdoi-test-migration',
      }),
    );
  const patronId = randomUUID();
  const noticeId = randomUUID();
  let ds: DataSource;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
    await admin.end();
    const before = dataSource(allMigrations.filter((m) => stamp(m) < NOTICES_INIT));
    await before.initialize();
    await runMigrations(before);
    await before.query(
      `INSERT INTO circulation.notices (id, patron_id, kind, dedupe_key, subject_vi, subject_en, body_vi, params, sent_at, read_at)
       VALUES ($1, $2, 'overdue', 'overdue:L1:2026-03-01', 'Tài liệu quá hạn', 'Item overdue', 'Tài liệu “Số đỏ” …', $3::jsonb, NULL, now())`,
      [noticeId, patronId, JSON.stringify({ title: 'Số đỏ', barcode: 'ĐKCB-1', dueDate: '2026-03-01', loanId: 'L1' })],
    );
    await before.query(
      `INSERT INTO platform.outbox (topic, payload, dedupe_key) VALUES ('circulation.notice', $1::jsonb, 'overdue:L1:2026-03-01')`,
      [JSON.stringify({ noticeId })],
    );
    await before.query(
      `INSERT INTO platform.outbox (topic, payload, dedupe_key) VALUES ('identity.card_issued', $1::jsonb, $2)`,
      [
        JSON.stringify({ patronId, cardNumber: 'SD000000042', cardExpiresOn: '2031-06-30', renewed: true }),
        `card_issued:${patronId}:SD000000042:2031-06-30`,
      ],
    );
    await before.destroy();
    ds = dataSource(allMigrations);
    await ds.initialize();
    await runMigrations(ds);
  }, 120_000);
  afterAll(async () => {
    await ds?.destroy();
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('moves circulation’s notices with their ids, stamps and params, and drops the old table', async () => {
    const rows = await ds.query(
      `SELECT id, template, patron_id, in_feed, dedupe_key, params, sent_at, read_at IS NOT NULL AS read FROM notices.notices WHERE template = 'circulation.overdue'`,
    );
    expect(rows).toEqual([
      {
        id: noticeId,
        template: 'circulation.overdue',
        patron_id: patronId,
        in_feed: true,
        dedupe_key: 'circulation:overdue:L1:2026-03-01',
        params: { title: 'Số đỏ', barcode: 'ĐKCB-1', dueDate: '2026-03-01', loanId: 'L1' },
        sent_at: null,
        read: true,
      },
    ]);
    expect(await ds.query(`SELECT to_regclass('circulation.notices') AS t`)).toEqual([{ t: null }]);
  });

  it('turns undelivered rows of the old topics into deliveries of the new one, once', async () => {
    const outbox: { topic: string; dedupe_key: string; payload: { noticeId?: string }; processed: boolean }[] =
      await ds.query(
        `SELECT topic, dedupe_key, payload, processed_at IS NOT NULL AS processed FROM platform.outbox ORDER BY id`,
      );
    const card: { id: string; params: Record<string, string> }[] = await ds.query(
      `SELECT id, params FROM notices.notices WHERE template = 'identity.card_issued' AND patron_id = $1`,
      [patronId],
    );
    expect(card).toEqual([
      { id: expect.any(String), params: { cardNumber: 'SD000000042', cardExpiresOn: '2031-06-30', renewed: 'true' } },
    ]);
    expect(outbox).toEqual([
      {
        topic: 'notices.deliver',
        dedupe_key: 'circulation:overdue:L1:2026-03-01',
        payload: { noticeId },
        processed: false,
      },
      {
        topic: 'identity.card_issued',
        dedupe_key: `card_issued:${patronId}:SD000000042:2031-06-30`,
        payload: expect.objectContaining({ patronId }),
        processed: true,
      },
      {
        topic: 'notices.deliver',
        dedupe_key: `identity:card_issued:${patronId}:SD000000042:2031-06-30`,
        payload: { noticeId: card[0].id },
        processed: false,
      },
    ]);
  });
});
