import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createPatron, createStaff, createSystemAdmin, type FixturePatron } from '../../support/fixtures.js';
import { checkout, copyStatus, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

describe('circulation rule matrix over HTTP', () => {
  let t: TestApp;
  let desk: Desk;
  let other: Desk;
  let manager: { token: string };
  let admin: { token: string };
  let patron: FixturePatron;

  beforeAll(async () => {
    t = await bootTestApp();
    [desk, other] = [await createDesk(t), await createDesk(t)];
    manager = await createStaff(t, { institutionId: desk.institutionId, roles: ['manager'] });
    admin = await createSystemAdmin(t);
    patron = await createPatron(t, { institutionId: desk.institutionId, fullName: 'Lò Thị Phương' });
  });
  afterAll(() => t.close());

  it('managers edit the rules of their own institution only; the catch-all cannot be deleted', async () => {
    const list = await t.http().get('/circulation/policies').set(auth(desk.staff.token)).expect(200);
    const catchAll = list.body.find(
      (r: { institutionId: string | null; patronCategory: string | null; itemType: string | null }) =>
        !r.institutionId && !r.patronCategory && !r.itemType,
    );
    expect(catchAll).toMatchObject({ loanDays: 14, overdueFinePerDayVnd: 0 });
    const mine = await t
      .http()
      .post('/circulation/policies')
      .set(auth(manager.token))
      .send({ institutionId: desk.institutionId, itemType: 'reference', loanDays: 0, holdsAllowed: false })
      .expect(201);
    expect(mine.body).toMatchObject({ loanDays: 0, maxLoans: 5, holdsAllowed: false });
    await t
      .http()
      .post('/circulation/policies')
      .set(auth(manager.token))
      .send({ institutionId: desk.institutionId, itemType: 'reference' })
      .expect(409);
    expect(
      (
        await t
          .http()
          .post('/circulation/policies')
          .set(auth(manager.token))
          .send({ institutionId: other.institutionId, loanDays: 30 })
          .expect(404)
      ).body.code,
    ).toBe('circulation/policy_not_found');
    await t.http().post('/circulation/policies').set(auth(manager.token)).send({ loanDays: 30 }).expect(404);
    await t.http().post('/circulation/policies').set(auth(patron.token)).send({ loanDays: 30 }).expect(403);
    await t
      .http()
      .post('/circulation/policies')
      .set(auth(admin.token))
      .send({ loanDays: 30, unknownField: 1 })
      .expect(400);
    expect(
      (await t.http().delete(`/circulation/policies/${catchAll.id}`).set(auth(admin.token)).expect(409)).body.code,
    ).toBe('circulation/default_rule_required');
    const patched = await t
      .http()
      .patch(`/circulation/policies/${mine.body.id}`)
      .set(auth(manager.token))
      .send({ note: 'Tài liệu tra cứu: chỉ đọc tại chỗ' })
      .expect(200);
    expect(patched.body).toMatchObject({ loanDays: 0, note: 'Tài liệu tra cứu: chỉ đọc tại chỗ' });
  });

  it('a reference item is for in-library use: preview explains, checkout refuses, an override lends and is recorded', async () => {
    const { copies } = await createTitle(t, { institutionId: desk.institutionId, itemType: 'reference' });
    const preview = await t
      .http()
      .post('/circulation/checkouts/preview')
      .set(auth(desk.staff.token))
      .send({ cardNumber: patron.cardNumber, barcode: copies[0].barcode })
      .expect(200);
    expect(preview.body).toMatchObject({
      allowed: false,
      rule: { matchedBy: 'institution+item_type', itemType: 'reference' },
    });
    expect(preview.body.reasons.map((r: { code: string }) => r.code)).toEqual(['not_loanable']);
    expect(await copyStatus(t, copies[0].id)).toMatchObject({ status: 'available' });
    await checkout(t, desk, patron.cardNumber, copies[0].barcode).expect(422);
    await checkout(t, desk, patron.cardNumber, copies[0].barcode, { override: { reason: 'ab' } }).expect(400);
    const lent = await checkout(t, desk, patron.cardNumber, copies[0].barcode, {
      override: { reason: 'Phục vụ hội thảo của xã, trả trong ngày' },
    }).expect(201);
    expect(lent.body).toMatchObject({ overridden: true, decision: { allowed: false } });
  });

  it('holds not allowed by the rule: refused with the reason; staff may override for a patron by card', async () => {
    const { recordId } = await createTitle(t, { institutionId: desk.institutionId, itemType: 'reference' });
    const refused = await t
      .http()
      .post('/me/holds')
      .set(auth(patron.token))
      .send({ recordId, pickupInstitutionId: desk.institutionId })
      .expect(422);
    expect(refused.body.details.decision.reasons.map((r: { code: string }) => r.code)).toEqual(['holds_not_allowed']);
    expect(refused.body.messageVi).toContain('Không được đặt mượn loại tài liệu này');
    const forced = await t
      .http()
      .post('/circulation/holds')
      .set(auth(desk.staff.token))
      .send({
        cardNumber: patron.cardNumber,
        recordId,
        pickupInstitutionId: desk.institutionId,
        override: { reason: 'Giáo viên cần cho tiết dạy' },
      })
      .expect(201);
    expect(forced.body).toMatchObject({ overridden: true, hold: { status: 'waiting', queuePosition: 1 } });
    // Staff of another institution cannot place holds for pickup here.
    await t
      .http()
      .post('/circulation/holds')
      .set(auth(other.staff.token))
      .send({ cardNumber: patron.cardNumber, recordId, pickupInstitutionId: desk.institutionId })
      .expect(404);
    const shelf = await t
      .http()
      .get('/circulation/holds')
      .query({ institutionId: desk.institutionId, status: 'waiting' })
      .set(auth(desk.staff.token))
      .expect(200);
    expect(shelf.body.items.map((h: { id: string }) => h.id)).toContain(forced.body.hold.id);
  });
});
