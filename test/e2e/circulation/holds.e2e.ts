import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createPatron, type FixturePatron } from '../../support/fixtures.js';
import { checkin, checkout, copyStatus, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

describe('circulation: holds, online reservation, self-service isolation', () => {
  let t: TestApp;
  let desk: Desk;
  let an: FixturePatron;
  let binh: FixturePatron;

  beforeAll(async () => {
    t = await bootTestApp();
    desk = await createDesk(t);
    [an, binh] = await Promise.all([
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Nguyễn Văn An' }),
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Lê Thị Bình' }),
    ]);
  });
  afterAll(() => t.close());

  const placeSelf = (p: FixturePatron, recordId: string, pickupInstitutionId = desk.institutionId) =>
    t.http().post('/me/holds').set(auth(p.token)).send({ recordId, pickupInstitutionId });

  it('50 concurrent holds on one title get positions 1..50, no duplicates, no gaps', async () => {
    const patrons = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createPatron(t, { institutionId: desk.institutionId, fullName: `Phạm Thị Hàng Đợi ${i}` }),
      ),
    );
    const { recordId } = await createTitle(t, { institutionId: desk.institutionId });
    const results = await Promise.all(patrons.map((p) => placeSelf(p, recordId)));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const positions = results.map((r) => r.body.hold.queuePosition as number).sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Cancelling from the middle closes the gap.
    const third = results.find((r) => r.body.hold.queuePosition === 3)!;
    const owner = patrons[results.indexOf(third)];
    await t.http().post(`/me/holds/${third.body.hold.id}/cancel`).set(auth(owner.token)).expect(200);
    const rows: { queue_position: number }[] = await t.app
      .get(DataSource)
      .query(
        `SELECT queue_position FROM circulation.holds WHERE record_id = $1 AND status = 'waiting' ORDER BY queue_position`,
        [recordId],
      );
    expect(rows.map((r) => r.queue_position)).toEqual(Array.from({ length: 49 }, (_, i) => i + 1));
  }, 120_000);

  it('holds placed while the copy is being checked in: it is trapped for the first of them or back on the shelf, and the queue stays 1..n', async () => {
    const patrons = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createPatron(t, { institutionId: desk.institutionId, fullName: `Đỗ Thị Chen Ngang ${i}` }),
      ),
    );
    const { recordId, copies } = await createTitle(t, {
      institutionId: desk.institutionId,
      title: 'Đất rừng phương Nam — bản đua',
    });
    await checkout(t, desk, an.cardNumber, copies[0].barcode).expect(201);
    const [back, ...placed] = await Promise.all([
      checkin(t, desk, copies[0].barcode),
      ...patrons.map((p) => placeSelf(p, recordId)),
    ]);
    expect(back.status).toBe(200);
    expect(placed.map((r) => r.status)).toEqual(Array(20).fill(201));
    const holds: { id: string; status: string; queue_position: number | null; trapped_copy_id: string | null }[] =
      await t.app
        .get(DataSource)
        .query(
          `SELECT id, status, queue_position, trapped_copy_id FROM circulation.holds WHERE record_id = $1 ORDER BY placed_at, id`,
          [recordId],
        );
    const waiting = holds
      .filter((h) => h.status === 'waiting')
      .map((h) => h.queue_position!)
      .sort((a, b) => a - b);
    const copy = await copyStatus(t, copies[0].id);
    if (back.body.outcome === 'hold_shelf') {
      // The check-in saw holds: the copy waits for the one that was first in line; the others moved up.
      const ready = holds.filter((h) => h.status === 'ready');
      expect(ready).toEqual([expect.objectContaining({ id: back.body.holdId, trapped_copy_id: copies[0].id })]);
      expect(copy.status).toBe('on_hold_shelf');
      expect(waiting).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    } else {
      // The check-in came first: the copy is on the shelf and every hold waits, as if placed a moment later.
      expect(back.body.outcome).toBe('on_shelf');
      expect(copy.status).toBe('available');
      expect(waiting).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    }
  });

  it('check-in traps the copy for the first hold: hold shelf, notice in the patron feed, only that patron may borrow it', async () => {
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId });
    await checkout(t, desk, an.cardNumber, copies[0].barcode).expect(201);
    const hold = await placeSelf(binh, recordId).expect(201);
    expect(hold.body.hold).toMatchObject({ status: 'waiting', queuePosition: 1, kind: 'title' });
    const back = await checkin(t, desk, copies[0].barcode).expect(200);
    expect(back.body).toMatchObject({ outcome: 'hold_shelf', holdId: hold.body.hold.id });
    expect(back.body.pickupBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await copyStatus(t, copies[0].id)).toMatchObject({ status: 'on_hold_shelf' });
    const mine = await t.http().get(`/me/holds/${hold.body.hold.id}`).set(auth(binh.token)).expect(200);
    expect(mine.body).toMatchObject({ status: 'ready', queuePosition: null, trappedCopyId: copies[0].id });
    const feed = await t.http().get('/me/notices').set(auth(binh.token)).expect(200);
    expect(
      feed.body.items.some(
        (n: { kind: string; subjectVi: string }) =>
          n.kind === 'hold_ready' && n.subjectVi === 'Tài liệu đặt mượn đã sẵn sàng',
      ),
    ).toBe(true);
    // An tries to borrow it again: held for another patron (422, with the reason in both languages).
    const refused = await checkout(t, desk, an.cardNumber, copies[0].barcode).expect(422);
    expect(refused.body.code).toBe('circulation/checkout_refused');
    expect(refused.body.details.decision.reasons).toEqual([
      expect.objectContaining({ code: 'held_for_another_patron', vi: 'Bản sách đang được giữ cho bạn đọc khác.' }),
    ]);
    // Bình collects it: the hold is fulfilled.
    await checkout(t, desk, binh.cardNumber, copies[0].barcode).expect(201);
    expect((await t.http().get(`/me/holds/${hold.body.hold.id}`).set(auth(binh.token)).expect(200)).body.status).toBe(
      'fulfilled',
    );
  });

  it('a suspended hold keeps its place but is skipped; resumed, it is served again', async () => {
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId });
    const first = await placeSelf(an, recordId).expect(201);
    const second = await placeSelf(binh, recordId).expect(201);
    const suspended = await t
      .http()
      .post(`/me/holds/${first.body.hold.id}/suspend`)
      .set(auth(an.token))
      .send({ until: '2099-01-01' })
      .expect(200);
    expect(suspended.body).toMatchObject({ suspendedUntil: '2099-01-01', queuePosition: 1 });
    // The copy is on the shelf; a check-in (e.g. after in-house use) routes it to the first unsuspended hold.
    const routed = await checkin(t, desk, copies[0].barcode).expect(200);
    expect(routed.body).toMatchObject({ outcome: 'hold_shelf', holdId: second.body.hold.id });
    const resumed = await t.http().post(`/me/holds/${first.body.hold.id}/resume`).set(auth(an.token)).expect(200);
    expect(resumed.body).toMatchObject({ suspendedUntil: null, queuePosition: 1, status: 'waiting' });
  });

  it('online reservation sets a copy on the shelf aside until a deadline; a second patron gets 409', async () => {
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    const res = await t
      .http()
      .post('/me/reservations')
      .set(auth(an.token))
      .send({ barcode: copies[0].barcode })
      .expect(201);
    expect(res.body.hold).toMatchObject({ kind: 'reservation', status: 'ready', trappedCopyId: copies[0].id });
    expect(res.body.hold.pickupBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await copyStatus(t, copies[0].id)).toMatchObject({ status: 'on_hold_shelf' });
    const other = await t
      .http()
      .post('/me/reservations')
      .set(auth(binh.token))
      .send({ barcode: copies[0].barcode })
      .expect(409);
    expect(other.body.code).toBe('circulation/copy_not_on_shelf');
    await checkout(t, desk, an.cardNumber, copies[0].barcode).expect(201);
  });

  it("patron A cannot see or act on patron B's loans and holds (404)", async () => {
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    const other = await createTitle(t, { institutionId: desk.institutionId });
    const loan = await checkout(t, desk, binh.cardNumber, copies[0].barcode).expect(201);
    const hold = await placeSelf(binh, other.recordId).expect(201);
    await t.http().get(`/circulation/loans/${loan.body.loan.id}`).set(auth(an.token)).expect(404);
    await t.http().post(`/me/loans/${loan.body.loan.id}/renew`).set(auth(an.token)).expect(404);
    await t.http().get(`/me/holds/${hold.body.hold.id}`).set(auth(an.token)).expect(404);
    await t.http().post(`/me/holds/${hold.body.hold.id}/cancel`).set(auth(an.token)).expect(404);
    await t
      .http()
      .post(`/me/holds/${hold.body.hold.id}/suspend`)
      .set(auth(an.token))
      .send({ until: '2099-01-01' })
      .expect(404);
    const mine = await t.http().get('/me/loans').set(auth(an.token)).expect(200);
    expect(mine.body.items.every((l: { patronId: string }) => l.patronId === an.patronId)).toBe(true);
    // The owner can.
    await t.http().get(`/circulation/loans/${loan.body.loan.id}`).set(auth(binh.token)).expect(200);
    await t.http().post(`/me/holds/${hold.body.hold.id}/cancel`).set(auth(binh.token)).expect(200);
    // Cancelled once, it says so in Vietnamese (not the status code).
    const again = await t.http().post(`/me/holds/${hold.body.hold.id}/cancel`).set(auth(binh.token)).expect(409);
    expect(again.body).toMatchObject({
      code: 'circulation/hold_not_active',
      messageVi: 'Yêu cầu đặt mượn đã hủy, không thể thay đổi.',
    });
  });

  it('reading history is opt-in and erasable', async () => {
    const chi = await createPatron(t, { institutionId: desk.institutionId, fullName: 'Đỗ Minh Chí' });
    const { copies } = await createTitle(t, { institutionId: desk.institutionId, copies: 2 });
    await checkout(t, desk, chi.cardNumber, copies[0].barcode).expect(201);
    await checkin(t, desk, copies[0].barcode).expect(200);
    expect((await t.http().get('/me/history').set(auth(chi.token)).expect(200)).body.total).toBe(0);
    await t.http().put('/me/history/setting').set(auth(chi.token)).send({ keepHistory: true }).expect(200);
    await checkout(t, desk, chi.cardNumber, copies[1].barcode).expect(201);
    await checkin(t, desk, copies[1].barcode).expect(200);
    expect((await t.http().get('/me/history').set(auth(chi.token)).expect(200)).body.total).toBe(1);
    expect((await t.http().delete('/me/history').set(auth(chi.token)).expect(200)).body.erased).toBe(1);
    expect((await t.http().get('/me/history').set(auth(chi.token)).expect(200)).body.total).toBe(0);
  });
});
