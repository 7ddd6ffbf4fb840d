// Transfers between libraries (luân chuyển sách giữa các thư viện): cancelled by the sender, declared lost in transit
// by a manager at either end, and what happens to the copy and the hold it travelled for, under races too.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createPatron, createStaff, type FixturePatron } from '../../support/fixtures.js';
import { checkin, checkout, copyStatus, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

describe('circulation: transfer cancel and lost in transit', () => {
  let t: TestApp;
  let ds: DataSource;
  let home: Desk;
  let branch: Desk;
  let elsewhere: Desk;
  let managerHome: { accountId: string; token: string };
  let managerBranch: { accountId: string; token: string };
  let managerElsewhere: { accountId: string; token: string };
  let borrower: FixturePatron;
  let readers: FixturePatron[];

  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get(DataSource);
    home = await createDesk(t, { name: 'Thư viện tỉnh Quảng Trị' });
    branch = await createDesk(t, { name: 'Thư viện xã Hướng Phùng' });
    elsewhere = await createDesk(t, { name: 'Thư viện huyện Đắk Hà' });
    [managerHome, managerBranch, managerElsewhere] = await Promise.all(
      [home, branch, elsewhere].map((d) => createStaff(t, { institutionId: d.institutionId, roles: ['manager'] })),
    );
    borrower = await createPatron(t, { institutionId: home.institutionId, fullName: 'Hồ Văn Đức' });
    readers = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        createPatron(t, { institutionId: branch.institutionId, fullName: `Bạn đọc Hướng Phùng ${i} — Đinh Thị Hoà` }),
      ),
    );
  });
  afterAll(() => t.close());

  const placeHold = (p: FixturePatron, recordId: string, pickup: Desk) =>
    t
      .http()
      .post('/me/holds')
      .set(auth(p.token))
      .send({ recordId, pickupInstitutionId: pickup.institutionId })
      .expect(201);
  const cancel = (token: string, id: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/circulation/transfers/${id}/cancel`).set(auth(token)).send(body);
  const lost = (token: string, id: string, note = 'Thùng sách gửi qua bưu điện bị thất lạc') =>
    t.http().post(`/circulation/transfers/${id}/lost`).set(auth(token)).send({ note });
  const hold = async (id: string) =>
    (
      await ds.query(
        `SELECT status, queue_position AS "queuePosition", trapped_copy_id AS "trappedCopyId" FROM circulation.holds WHERE id = $1`,
        [id],
      )
    )[0];

  /** The record's queue is gap-free (1..n) and its length is the number waiting. */
  async function expectQueueConsistent(recordId: string): Promise<void> {
    const positions: number[] = (
      await ds.query(
        `SELECT queue_position AS p FROM circulation.holds WHERE record_id = $1 AND status = 'waiting' ORDER BY queue_position`,
        [recordId],
      )
    ).map((r: { p: number }) => r.p);
    expect(positions).toEqual(positions.map((_, i) => i + 1));
    const [q] = await ds.query(`SELECT length FROM circulation.hold_queues WHERE record_id = $1`, [recordId]);
    expect(q?.length ?? 0).toBe(positions.length);
  }

  /**
   * A copy of home's lent to `borrower`, held by `first` for pickup at the branch and by `others` after them; its
   * return at home sends it in transit to the branch for `first`. Returns the transfer and holds.
   */
  async function travellingForHold(first: FixturePatron, others: FixturePatron[] = []) {
    const { recordId, copies } = await createTitle(t, {
      institutionId: home.institutionId,
      title: 'Nhật ký Đặng Thùy Trâm',
    });
    await checkout(t, home, borrower.cardNumber, copies[0].barcode).expect(201);
    const h = await placeHold(first, recordId, branch);
    const rest = [];
    for (const p of others) rest.push(await placeHold(p, recordId, branch));
    const back = await checkin(t, home, copies[0].barcode).expect(200);
    expect(back.body).toMatchObject({
      outcome: 'in_transit',
      holdId: h.body.hold.id,
      toInstitutionId: branch.institutionId,
    });
    return {
      recordId,
      copy: copies[0],
      transferId: back.body.transferId as string,
      holdId: h.body.hold.id as string,
      others: rest.map((r) => r.body.hold.id as string),
    };
  }

  it('the sender cancels: the copy is back on its shelf there, the hold it was sent for waits again first in line', async () => {
    const x = await travellingForHold(readers[0], [readers[1]]);
    expect(await hold(x.others[0])).toMatchObject({ status: 'waiting', queuePosition: 1 });
    const note = 'Bạn đọc báo sẽ tự đến thư viện tỉnh nhận sách';
    const res = await cancel(home.staff.token, x.transferId, { note: note.normalize('NFD') }).expect(200);
    expect(res.body).toMatchObject({
      id: x.transferId,
      status: 'cancelled',
      closedBy: home.staff.accountId,
      closeNote: note.normalize('NFC'),
      receivedAt: null,
    });
    expect(res.body.closedAt).toEqual(expect.any(String));
    expect(await copyStatus(t, x.copy.id)).toEqual({ status: 'available', locationInstitutionId: home.institutionId });
    expect(await hold(x.holdId)).toEqual({ status: 'waiting', queuePosition: 1, trappedCopyId: null });
    expect(await hold(x.others[0])).toMatchObject({ status: 'waiting', queuePosition: 2 });
    await expectQueueConsistent(x.recordId);
    const incoming = await t
      .http()
      .get('/circulation/transfers')
      .query({ institutionId: branch.institutionId })
      .set(auth(branch.staff.token))
      .expect(200);
    expect(incoming.body.items.map((tr: { id: string }) => tr.id)).not.toContain(x.transferId);
    const again = await cancel(home.staff.token, x.transferId).expect(409);
    expect(again.body).toMatchObject({
      code: 'circulation/transfer_not_in_transit',
      messageVi: expect.stringContaining('đã hủy'),
    });
    // Nothing is stuck: scanned again at home, the copy sets off for the same hold on a new transfer.
    const resent = await checkin(t, home, x.copy.barcode).expect(200);
    expect(resent.body).toMatchObject({
      outcome: 'in_transit',
      holdId: x.holdId,
      toInstitutionId: branch.institutionId,
    });
    expect(resent.body.transferId).not.toBe(x.transferId);
  });

  it('access: the receiving end may look but not cancel (403), other institutions and patrons are refused', async () => {
    const x = await travellingForHold(readers[2]);
    await t.http().get(`/circulation/transfers/${x.transferId}`).set(auth(branch.staff.token)).expect(200);
    expect((await cancel(branch.staff.token, x.transferId).expect(403)).body).toMatchObject({
      code: 'circulation/role_required',
      details: { institutionId: home.institutionId },
    });
    expect((await cancel(elsewhere.staff.token, x.transferId).expect(404)).body.code).toBe(
      'circulation/transfer_not_found',
    );
    expect(
      (await t.http().get(`/circulation/transfers/${x.transferId}`).set(auth(elsewhere.staff.token)).expect(404)).body
        .code,
    ).toBe('circulation/transfer_not_found');
    expect((await lost(managerElsewhere.token, x.transferId).expect(404)).body.code).toBe(
      'circulation/transfer_not_found',
    );
    // Declaring a loss needs the manager role (circulation staff at either end: refused by the route).
    expect((await lost(home.staff.token, x.transferId).expect(403)).body.code).toBe('platform/forbidden');
    // A manager elsewhere who circulates at the branch sees the transfer but is no manager at either end.
    const mixed = await createStaff(t, {
      institutions: [
        { institutionId: elsewhere.institutionId, roles: ['manager'] },
        { institutionId: branch.institutionId, roles: ['circulation'] },
      ],
    });
    expect((await lost(mixed.token, x.transferId).expect(403)).body.code).toBe('circulation/role_required');
    await cancel(readers[2].token, x.transferId).expect(403);
    expect((await lost(managerBranch.token, x.transferId, 'ab').expect(400)).body.code).toBe(
      'platform/validation_failed',
    );
    await t
      .http()
      .post(`/circulation/transfers/${x.transferId}/lost`)
      .set(auth(managerBranch.token))
      .send({})
      .expect(400);
    await cancel(home.staff.token, x.transferId, { lyDo: 'không có trường này' }).expect(400);
    // Nothing changed.
    expect(
      (await t.http().get(`/circulation/transfers/${x.transferId}`).set(auth(home.staff.token)).expect(200)).body
        .status,
    ).toBe('in_transit');
  });

  it('a manager at the receiving end declares the copy lost: it is lost, the hold waits first in line; found later, a check-in puts it back to work', async () => {
    const x = await travellingForHold(readers[3], [readers[0]]);
    const res = await lost(
      managerBranch.token,
      x.transferId,
      'Xe thư viện lưu động gặp mưa lũ, mất thùng sách số 3',
    ).expect(200);
    expect(res.body).toMatchObject({
      status: 'lost',
      closedBy: managerBranch.accountId,
      closeNote: 'Xe thư viện lưu động gặp mưa lũ, mất thùng sách số 3',
    });
    expect((await copyStatus(t, x.copy.id)).status).toBe('lost');
    expect(await hold(x.holdId)).toEqual({ status: 'waiting', queuePosition: 1, trappedCopyId: null });
    await expectQueueConsistent(x.recordId);
    expect((await cancel(home.staff.token, x.transferId).expect(409)).body.messageVi).toContain('bị mất');
    // The copy turns up at home: checked in, it goes to the first hold again.
    const found = await checkin(t, home, x.copy.barcode).expect(200);
    expect(found.body).toMatchObject({
      outcome: 'in_transit',
      holdId: x.holdId,
      toInstitutionId: branch.institutionId,
    });
    expect((await copyStatus(t, x.copy.id)).status).toBe('in_transit');

    // A return-home transfer lost: the manager at the sending end may declare it too; no hold is involved.
    const { copies } = await createTitle(t, { institutionId: home.institutionId });
    await checkout(t, home, borrower.cardNumber, copies[0].barcode).expect(201);
    const away = await checkin(t, branch, copies[0].barcode).expect(200);
    expect(away.body).toMatchObject({ outcome: 'in_transit', toInstitutionId: home.institutionId });
    await lost(managerBranch.token, away.body.transferId).expect(200);
    expect((await copyStatus(t, copies[0].id)).status).toBe('lost');
  });

  it('12 concurrent cancels and loss declarations of one transfer: one succeeds, 11 × 409, and the queue stays consistent', async () => {
    const x = await travellingForHold(readers[1], [readers[2], readers[3]]);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2
          ? cancel(home.staff.token, x.transferId, { note: `Hủy lần ${i}` })
          : lost(managerHome.token, x.transferId),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(11);
    expect(refused.every((r) => r.body.code === 'circulation/transfer_not_in_transit')).toBe(true);
    const winner = ok[0].body.status as 'cancelled' | 'lost';
    expect((await copyStatus(t, x.copy.id)).status).toBe(winner === 'lost' ? 'lost' : 'available');
    expect(await hold(x.holdId)).toMatchObject({ status: 'waiting', queuePosition: 1 });
    expect(await hold(x.others[0])).toMatchObject({ status: 'waiting', queuePosition: 2 });
    expect(await hold(x.others[1])).toMatchObject({ status: 'waiting', queuePosition: 3 });
    await expectQueueConsistent(x.recordId);
  });

  it('cancels racing the copy arriving at its destination: whichever comes first, the hold ends up ready there and nothing is left open', async () => {
    const x = await travellingForHold(readers[0], [readers[1]]);
    const [arrival, ...cancels] = await Promise.all([
      checkin(t, branch, x.copy.barcode),
      ...Array.from({ length: 5 }, () => cancel(home.staff.token, x.transferId)),
    ]);
    expect(arrival.status).toBe(200);
    expect(cancels.filter((r) => r.status === 200).length).toBeLessThanOrEqual(1);
    expect(
      cancels.every(
        (r) => r.status === 200 || (r.status === 409 && r.body.code === 'circulation/transfer_not_in_transit'),
      ),
    ).toBe(true);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM circulation.transfers WHERE copy_id = $1 AND status = 'in_transit'`,
      [x.copy.id],
    );
    expect(n).toBe(0);
    expect(await hold(x.holdId)).toMatchObject({ status: 'ready', trappedCopyId: x.copy.id });
    expect(await copyStatus(t, x.copy.id)).toEqual({
      status: 'on_hold_shelf',
      locationInstitutionId: branch.institutionId,
    });
    expect(await hold(x.others[0])).toMatchObject({ status: 'waiting', queuePosition: 1 });
    await expectQueueConsistent(x.recordId);
  });

  it('a patron cancelling the hold while a manager declares its copy lost: no deadlock, one consistent outcome', async () => {
    for (let round = 0; round < 3; round++) {
      const x = await travellingForHold(readers[2], [readers[3]]);
      const [mine, loss] = await Promise.all([
        t.http().post(`/me/holds/${x.holdId}/cancel`).set(auth(readers[2].token)),
        lost(managerHome.token, x.transferId),
      ]);
      expect(mine.status).toBe(200);
      expect([200, 409]).toContain(loss.status);
      expect(await hold(x.holdId)).toMatchObject({ status: 'cancelled' });
      const [tr] = await ds.query(`SELECT status FROM circulation.transfers WHERE id = $1`, [x.transferId]);
      const copy = await copyStatus(t, x.copy.id);
      if (loss.status === 200) {
        expect(tr.status).toBe('lost');
        expect(copy.status).toBe('lost');
      } else {
        // The hold went first: sent from home, the copy went on to the next hold (trapped, on its way to the branch).
        expect(tr.status).toBe('cancelled');
        expect(await hold(x.others[0])).toMatchObject({ status: 'in_transit', trappedCopyId: x.copy.id });
        expect(copy.status).toBe('in_transit');
      }
      await expectQueueConsistent(x.recordId);
      // The other reader lets it go too (keeping under the rule's maximum holds for the next round).
      await t.http().post(`/me/holds/${x.others[0]}/cancel`).set(auth(readers[3].token)).expect(200);
      await expectQueueConsistent(x.recordId);
    }
  });

  it('a hold cancelled while its copy travels from home sends the copy on from home (no transfer home to home)', async () => {
    const x = await travellingForHold(readers[3]);
    await t.http().post(`/me/holds/${x.holdId}/cancel`).set(auth(readers[3].token)).expect(200);
    const open = await ds.query(
      `SELECT from_institution_id AS "from", to_institution_id AS "to" FROM circulation.transfers WHERE copy_id = $1 AND status = 'in_transit'`,
      [x.copy.id],
    );
    expect(open).toEqual([]);
    expect(await copyStatus(t, x.copy.id)).toEqual({ status: 'available', locationInstitutionId: home.institutionId });
  });

  it('the database keeps the transfer state machine honest', async () => {
    const x = await travellingForHold(readers[0]);
    const dup = ds.query(
      `INSERT INTO circulation.transfers (copy_id, record_id, from_institution_id, to_institution_id, reason, sent_at) VALUES ($1, $2, $3, $4, 'return_home', now())`,
      [x.copy.id, x.recordId, branch.institutionId, home.institutionId],
    );
    await expect(dup).rejects.toMatchObject({ driverError: { constraint: 'transfers_one_open_per_copy_uq' } });
    await expect(
      ds.query(`UPDATE circulation.transfers SET status = 'lost', closed_at = now() WHERE id = $1`, [x.transferId]),
    ).rejects.toMatchObject({ driverError: { constraint: 'transfers_lost_chk' } });
    await expect(
      ds.query(`UPDATE circulation.transfers SET status = 'cancelled' WHERE id = $1`, [x.transferId]),
    ).rejects.toMatchObject({ driverError: { constraint: 'transfers_closed_chk' } });
    await expect(
      ds.query(`UPDATE circulation.transfers SET status = 'vanished', closed_at = now() WHERE id = $1`, [x.transferId]),
    ).rejects.toMatchObject({ driverError: { constraint: 'transfers_status_chk' } });
  });

  it('a cancel sent twice with the same Idempotency-Key is replayed', async () => {
    const x = await travellingForHold(readers[1]);
    const send = () =>
      t
        .http()
        .post(`/circulation/transfers/${x.transferId}/cancel`)
        .set(auth(home.staff.token))
        .set('Idempotency-Key', `huy-chuyen-${x.transferId}`)
        .send({});
    const first = await send().expect(200);
    const second = await send().expect(200);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
  });
});
