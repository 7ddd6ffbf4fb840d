import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { IdempotencyService } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { TestThingsModule } from '../../support/test-things.module.js';

describe('Idempotency-Key on POST', () => {
  let t: TestApp;
  let ds: DataSource;
  const things = async (title: string) =>
    Number((await ds.query('SELECT count(*) AS n FROM public.test_things WHERE title = $1', [title]))[0].n);
  const post = (key: string | undefined, body: object) => {
    const req = t.http().post('/test/things');
    return key === undefined ? req.send(body) : req.set('Idempotency-Key', key).send(body);
  };

  beforeAll(async () => {
    t = await bootTestApp({ modules: [TestThingsModule] });
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores the first response and replays it for the same key and body', async () => {
    const body = { title: 'Nhật ký trong tù', copies: 3 };
    const first = await post('muon-sach-001', body).expect(201);
    const again = await post('muon-sach-001', { copies: 3, title: 'Nhật ký trong tù' }).expect(201); // same body, keys reordered
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await things('Nhật ký trong tù')).toBe(1);
  });

  it('without a key, every POST creates (the control case)', async () => {
    await post(undefined, { title: 'Dế Mèn phiêu lưu ký', copies: 1 }).expect(201);
    await post(undefined, { title: 'Dế Mèn phiêu lưu ký', copies: 1 }).expect(201);
    expect(await things('Dế Mèn phiêu lưu ký')).toBe(2);
  });

  it('answers 422 for the same key with a different body, and creates nothing', async () => {
    await post('muon-sach-002', { title: 'Vợ nhặt', copies: 1 }).expect(201);
    const res = await post('muon-sach-002', { title: 'Vợ nhặt', copies: 2 }).expect(422);
    expect(res.body.code).toBe('platform/idempotency_key_reused');
    expect(res.body.messageVi).toContain('Idempotency-Key');
    expect(await things('Vợ nhặt')).toBe(1);
  });

  it('20 concurrent requests with one key create exactly one thing; the others replay or are told to retry', async () => {
    const body = { title: 'Số đỏ — đồng thời', copies: 1 };
    const responses = await Promise.all(Array.from({ length: 20 }, () => post('dong-thoi-020', body)));
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = responses.filter((r) => r.status === 201);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    for (const r of responses.filter((x) => x.status === 409))
      expect(r.body.code).toBe('platform/idempotency_in_progress');
    expect(await things(body.title)).toBe(1);
    // Once finished, a retry replays.
    const retry = await post('dong-thoi-020', body).expect(201);
    expect(retry.body.id).toBe(created[0].body.id);
  });

  it('a failed request releases its key, so the client can retry with it', async () => {
    await post('thu-lai-004', { title: 'Chí Phèo', copies: 0 }).expect(400);
    const ok = await post('thu-lai-004', { title: 'Chí Phèo', copies: 1 }).expect(201);
    expect(ok.headers['idempotent-replayed']).toBeUndefined();
  });

  it('rejects malformed keys with 400', async () => {
    for (const key of ['khoa co dau', 'x'.repeat(256), '']) {
      const res = await post(key, { title: 'Truyện Kiều', copies: 1 }).expect(400);
      expect(res.body.code).toBe('platform/idempotency_key_invalid');
    }
    expect(await things('Truyện Kiều')).toBe(0);
  });

  it('keys expire: after the TTL the key is free again, and the cleanup job deletes expired keys', async () => {
    const body = { title: 'Lão Hạc', copies: 1 };
    const first = await post('het-han-005', body).expect(201);
    const [row]: { hours: number }[] = await ds.query(
      `SELECT round(extract(epoch FROM expires_at - created_at) / 3600) AS hours FROM platform.idempotency_keys WHERE key = $1`,
      ['het-han-005'],
    );
    expect(Number(row.hours)).toBe(24);
    await ds.query(`UPDATE platform.idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`, [
      'het-han-005',
    ]);
    const second = await post('het-han-005', body).expect(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.id).not.toBe(first.body.id);
    expect(await things('Lão Hạc')).toBe(2);

    await ds.query(
      `UPDATE platform.idempotency_keys SET expires_at = now() - interval '1 second' WHERE key IN ('muon-sach-001', 'muon-sach-002')`,
    );
    const deleted = await t.app.get(IdempotencyService).purgeExpired();
    expect(deleted).toBe(2);
    const left: { key: string }[] = await ds.query(
      `SELECT key FROM platform.idempotency_keys WHERE key IN ('muon-sach-001', 'muon-sach-002', 'het-han-005')`,
    );
    expect(left.map((r) => r.key)).toEqual(['het-han-005']);
  });
});
