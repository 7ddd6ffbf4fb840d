import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createPatron, type FixturePatron } from '../../support/fixtures.js';
import { checkin, checkout, copyStatus, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

// Holds on copies at other libraries: the library holding the copy sees the hold, lists the copy on its pull list,
// is warned at checkout, and fills the hold by a transfer.
describe('circulation: pull list, holds on copies at other libraries', () => {
  let t: TestApp;
  let pickup: Desk; // where the patron collects
  let holder: Desk; // where the copy sits on the shelf
  let stranger: Desk; // a third library, nothing to do with it
  let minh: FixturePatron;
  let dung: FixturePatron;

  beforeAll(async () => {
    t = await bootTestApp();
    pickup = await createDesk(t, { name: 'Thư viện xã Đắk Hà' });
    holder = await createDesk(t, { name: 'Thư viện tỉnh Quảng Ngãi' });
    stranger = await createDesk(t, { name: 'Thư viện huyện Hướng Hóa' });
    [minh, dung] = await Promise.all([
      createPatron(t, { institutionId: pickup.institutionId, fullName: 'Trần Đức Minh' }),
      createPatron(t, { institutionId: holder.institutionId, fullName: 'Đặng Thị Dung' }),
    ]);
  });
  afterAll(() => t.close());

  const placeSelf = (p: FixturePatron, recordId: string, pickupInstitutionId: string) =>
    t.http().post('/me/holds').set(auth(p.token)).send({ recordId, pickupInstitutionId }).expect(201);
  const pullList = (desk: Desk, institutionId = desk.institutionId) =>
    t.http().get(`/circulation/holds/pull-list?institutionId=${institutionId}`).set(auth(desk.staff.token));

  it('a hold placed at one library appears on the pull list of the library holding the copy and is filled through a transfer', async () => {
    const title = 'Nỗi buồn chiến tranh — Bảo Ninh';
    const { recordId, copies } = await createTitle(t, {
      institutionId: holder.institutionId,
      title,
      callNumber: '895.9223 B108N',
    });
    // The patron reserves the title for pickup at her own library, without knowing a barcode.
    const hold = (await placeSelf(minh, recordId, pickup.institutionId)).body.hold;
    expect(hold).toMatchObject({ kind: 'title', status: 'waiting', queuePosition: 1 });

    // The holding library's staff see the hold; a library with no copy of it does not.
    const seen = await t.http().get(`/circulation/holds/${hold.id}`).set(auth(holder.staff.token)).expect(200);
    expect(seen.body).toMatchObject({ id: hold.id, pickupInstitutionId: pickup.institutionId });
    await t.http().get(`/circulation/holds/${hold.id}`).set(auth(stranger.staff.token)).expect(404);

    // On the holder's pull list, named; not on the pickup library's (no copy there) nor reachable by a stranger.
    const list = await pullList(holder).expect(200);
    expect(list.body).toEqual({
      items: [
        {
          holdId: hold.id,
          placedAt: hold.placedAt,
          queuePosition: 1,
          recordId,
          title,
          copyId: copies[0].id,
          barcode: copies[0].barcode,
          callNumber: '895.9223 B108N',
          shelfLocation: null,
          pickupInstitutionId: pickup.institutionId,
          pickupInstitutionName: 'Thư viện xã Đắk Hà',
          transfer: true,
        },
      ],
      total: 1,
      limit: 20,
      offset: 0,
    });
    expect((await pullList(pickup).expect(200)).body).toEqual({ items: [], total: 0, limit: 20, offset: 0 });
    const refused = await pullList(stranger, holder.institutionId).expect(404);
    expect(refused.body.code).toBe('circulation/institution_not_found');

    // Lending the copy locally is refused with the reason, in both languages (overridable by staff).
    const warned = await checkout(t, holder, dung.cardNumber, copies[0].barcode).expect(422);
    expect(warned.body.details.decision.reasons).toEqual([
      {
        code: 'wanted_by_hold',
        en: '1 hold(s) of other patrons are waiting for this title: the copy should be set aside for them (check it in).',
        vi: 'Có 1 bạn đọc khác đang chờ đặt mượn tài liệu này: nên giữ bản sách cho họ (quét ở mục nhận trả).',
      },
    ]);

    // The holder pulls it: scanned at check-in, it travels to the pickup library for the hold.
    const sent = await checkin(t, holder, copies[0].barcode).expect(200);
    expect(sent.body).toMatchObject({
      outcome: 'in_transit',
      holdId: hold.id,
      toInstitutionId: pickup.institutionId,
    });
    expect(await copyStatus(t, copies[0].id)).toEqual({
      status: 'in_transit',
      locationInstitutionId: holder.institutionId,
    });
    expect((await pullList(holder).expect(200)).body.total).toBe(0);
    const transfer = await t
      .http()
      .get(`/circulation/transfers/${sent.body.transferId}`)
      .set(auth(pickup.staff.token))
      .expect(200);
    expect(transfer.body).toMatchObject({
      status: 'in_transit',
      reason: 'hold',
      fromInstitutionId: holder.institutionId,
      toInstitutionId: pickup.institutionId,
    });

    // It arrives: on the pickup library's hold shelf, ready; the patron collects it.
    const arrived = await checkin(t, pickup, copies[0].barcode).expect(200);
    expect(arrived.body).toMatchObject({ outcome: 'hold_shelf', holdId: hold.id });
    expect((await t.http().get(`/me/holds/${hold.id}`).set(auth(minh.token)).expect(200)).body.status).toBe('ready');
    await checkout(t, pickup, minh.cardNumber, copies[0].barcode).expect(201);
    expect((await t.http().get(`/me/holds/${hold.id}`).set(auth(minh.token)).expect(200)).body.status).toBe(
      'fulfilled',
    );
  });

  it('lists oldest hold first, one copy per hold, holds for pickup here too; suspended holds are left out', async () => {
    const older = await createTitle(t, {
      institutionId: holder.institutionId,
      copies: 1,
      title: 'Số đỏ — Vũ Trọng Phụng',
    });
    const newer = await createTitle(t, {
      institutionId: holder.institutionId,
      copies: 2,
      // NFD in the data: the catalogue keeps it NFC, and so does the list.
      title: 'Dế Mèn phiêu lưu ký'.normalize('NFD'),
    });
    const [lan, hoa, quang] = await Promise.all([
      createPatron(t, { institutionId: pickup.institutionId, fullName: 'Phạm Thị Lan' }),
      createPatron(t, { institutionId: holder.institutionId, fullName: 'Võ Thị Hoa' }),
      createPatron(t, { institutionId: holder.institutionId, fullName: 'Ngô Quang Đạt' }),
    ]);
    const first = (await placeSelf(lan, older.recordId, pickup.institutionId)).body.hold;
    t.clock.advance({ minutes: 1 });
    const second = (await placeSelf(hoa, newer.recordId, holder.institutionId)).body.hold;
    t.clock.advance({ minutes: 1 });
    const third = (await placeSelf(quang, newer.recordId, holder.institutionId)).body.hold;
    t.clock.advance({ minutes: 1 });
    const suspended = (await placeSelf(minh, newer.recordId, pickup.institutionId)).body.hold;
    await t
      .http()
      .post(`/me/holds/${suspended.id}/suspend`)
      .set(auth(minh.token))
      .send({ until: '2099-01-01' })
      .expect(200);

    const list = (await pullList(holder).expect(200)).body;
    expect(list.total).toBe(3);
    expect(list.items.map((i: { holdId: string }) => i.holdId)).toEqual([first.id, second.id, third.id]);
    // Each hold gets its own copy (which of the two is the shelf's order).
    expect(list.items[0].barcode).toBe(older.copies[0].barcode);
    expect(
      list.items
        .slice(1)
        .map((i: { barcode: string }) => i.barcode)
        .sort(),
    ).toEqual(newer.copies.map((c) => c.barcode).sort());
    expect(list.items.map((i: { transfer: boolean }) => i.transfer)).toEqual([true, false, false]);
    expect(list.items[1].title).toBe('Dế Mèn phiêu lưu ký'.normalize('NFC'));
    expect(list.items[1].pickupInstitutionName).toBe('Thư viện tỉnh Quảng Ngãi');
    const paged = (
      await t
        .http()
        .get(`/circulation/holds/pull-list?institutionId=${holder.institutionId}&limit=1&offset=1`)
        .set(auth(holder.staff.token))
        .expect(200)
    ).body;
    expect(paged).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect(paged.items.map((i: { holdId: string }) => i.holdId)).toEqual([second.id]);

    // The borrower whose own hold is first in line is not warned; the one behind is, and staff may override.
    await checkout(t, holder, hoa.cardNumber, newer.copies[0].barcode).expect(201);
    const overridden = await checkout(t, holder, dung.cardNumber, newer.copies[1].barcode, {
      override: { reason: 'Bạn đọc Đạt đồng ý nhường, đã gọi điện xác nhận' },
    }).expect(201);
    expect(overridden.body).toMatchObject({ overridden: true });
    expect(overridden.body.decision.reasons.map((r: { code: string }) => r.code)).toEqual(['wanted_by_hold']);
  });
});
