import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { vietnamDate } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createPatron, type FixturePatron } from '../../support/fixtures.js';
import { LoansRepository } from '../../../libs/circulation/src/loans/loans.repository.js';
import { checkin, checkout, copyStatus, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('circulation: desk loans', () => {
  let t: TestApp;
  let desk: Desk;
  let patron: FixturePatron;

  beforeAll(async () => {
    t = await bootTestApp();
    desk = await createDesk(t);
    patron = await createPatron(t, { institutionId: desk.institutionId, fullName: 'Trần Thị Đào' });
  });
  afterAll(() => t.close());

  it('checks out by card number and barcode, says which rule decided, and writes the usage event in the same transaction', async () => {
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    const res = await checkout(t, desk, patron.cardNumber, copies[0].barcode).expect(201);
    expect(res.body.decision).toMatchObject({
      allowed: true,
      reasons: [],
      rule: { matchedBy: 'default', loanDays: 14, overdueFinePerDayVnd: 0 },
    });
    expect(res.body.loan).toMatchObject({
      patronId: patron.patronId,
      copyId: copies[0].id,
      status: 'on_loan',
      renewals: 0,
    });
    expect(res.body.loan.dueDate).toBe(addDays(vietnamDate(new Date()), 14));
    expect(await copyStatus(t, copies[0].id)).toMatchObject({ status: 'on_loan' });
    const [row] = await t.app
      .get(LoansRepository)
      .list({ patronId: patron.patronId, open: true }, 10, 0)
      .then((r) => r.rows.filter((l) => l.id === res.body.loan.id));
    expect(row).toBeDefined();
    const events = await queryOutbox(t, `circulation:loan:${res.body.loan.id}`);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ kind: 'loan', locationId: desk.institutionId });
  });

  it('each status change reaches the search index through the outbox (availability)', async () => {
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId });
    const ds = t.app.get(DataSource);
    const count = async () =>
      (
        await ds.query(
          `SELECT count(*)::int AS n FROM platform.outbox WHERE topic = 'search.catalogue' AND payload->>'recordId' = $1 AND payload->>'part' = 'availability'`,
          [recordId],
        )
      )[0].n as number;
    const before = await count();
    await checkout(t, desk, patron.cardNumber, copies[0].barcode).expect(201);
    await checkin(t, desk, copies[0].barcode).expect(200);
    expect(await count()).toBeGreaterThanOrEqual(before + 2);
  });

  it('counts in-house use as a usage event without a loan', async () => {
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    const res = await t
      .http()
      .post('/circulation/in-house-uses')
      .set(auth(desk.staff.token))
      .send({ barcode: copies[0].barcode })
      .expect(201);
    const [event] = await queryOutbox(t, `circulation:in_house_use:${res.body.eventId}`);
    expect(event.payload).toMatchObject({ kind: 'in_house_use', locationId: desk.institutionId });
    expect(await copyStatus(t, copies[0].id)).toMatchObject({ status: 'available' });
  });

  it("exports the patron's circulation data with identity's personal-data export", async () => {
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    const loan = await checkout(t, desk, patron.cardNumber, copies[0].barcode).expect(201);
    const res = await t.http().get('/me/export').set(auth(patron.token)).expect(200);
    expect(res.body.circulation.loans.map((l: { id: string }) => l.id)).toContain(loan.body.loan.id);
    expect(res.body.circulation).toMatchObject({ holds: [], eLoans: [], eHolds: [] });
  });

  it('refuses a copy already on loan with 409 and an unknown card or barcode with 404', async () => {
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    await checkout(t, desk, patron.cardNumber, copies[0].barcode).expect(201);
    const again = await checkout(t, desk, patron.cardNumber, copies[0].barcode).expect(409);
    expect(again.body.code).toBe('circulation/copy_on_loan');
    expect((await checkout(t, desk, 'KHONG-CO', copies[0].barcode).expect(404)).body.code).toBe(
      'circulation/patron_not_found',
    );
    expect((await checkout(t, desk, patron.cardNumber, 'ĐKCB-không-có').expect(404)).body.code).toBe(
      'circulation/copy_not_found',
    );
  });

  it('checks in: closes the loan, writes the return event, and puts the copy back on the shelf at home', async () => {
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    const out = await checkout(t, desk, patron.cardNumber, copies[0].barcode).expect(201);
    const res = await checkin(t, desk, copies[0].barcode).expect(200);
    expect(res.body).toMatchObject({
      outcome: 'on_shelf',
      loan: { id: out.body.loan.id, status: 'returned', fineVnd: 0 },
    });
    expect(await copyStatus(t, copies[0].id)).toMatchObject({ status: 'available' });
    expect(await queryOutbox(t, `circulation:return:${out.body.loan.id}`)).toHaveLength(1);
    // The copy can be lent again.
    await checkout(t, desk, patron.cardNumber, copies[0].barcode).expect(201);
  });

  it('answers 404 to a librarian of another institution', async () => {
    const other = await createDesk(t);
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    const res = await t
      .http()
      .post('/circulation/checkouts')
      .set(auth(other.staff.token))
      .send({ cardNumber: patron.cardNumber, barcode: copies[0].barcode })
      .expect(404);
    expect(res.body.code).toBe('circulation/institution_not_found');
  });

  it('50 concurrent checkouts of one copy: exactly one loan, 49 × 409', async () => {
    const patrons = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createPatron(t, { institutionId: desk.institutionId, fullName: `Bạn đọc Đua ${i}` }),
      ),
    );
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => checkout(t, desk, patrons[i % 10].cardNumber, copies[0].barcode)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'circulation/copy_on_loan')).toBe(true);
    const [{ n }] = await t.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM circulation.loans WHERE copy_id = $1`, [copies[0].id]);
    expect(n).toBe(1);
  });

  it('the partial unique index alone refuses a second open loan (application checks bypassed)', async () => {
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId });
    const repo = t.app.get(LoansRepository);
    const ds = t.app.get(DataSource);
    const [{ id: policyId }] = await ds.query(
      `SELECT id FROM circulation.policies WHERE institution_id IS NULL AND patron_category IS NULL AND item_type IS NULL`,
    );
    const now = new Date();
    const attempts = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        ds.transaction((m) =>
          repo.insert(m, {
            copyId: copies[0].id,
            recordId,
            itemType: 'book',
            patronId: patron.patronId,
            institutionId: desk.institutionId,
            policyId,
            checkedOutAt: now,
            checkedOutBy: null,
            dueAt: new Date(now.getTime() + 86_400_000),
          }),
        ),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    const rejected = attempts.filter((a): a is PromiseRejectedResult => a.status === 'rejected');
    expect(rejected).toHaveLength(49);
    expect(
      rejected.every(
        (r) =>
          (r.reason as { driverError?: { constraint?: string } }).driverError?.constraint ===
          'loans_one_open_per_copy_uq',
      ),
    ).toBe(true);
  });

  it('replays a checkout sent twice with the same Idempotency-Key (one loan)', async () => {
    const fresh = await createPatron(t, { institutionId: desk.institutionId, fullName: 'Mai Xuân Thưởng' });
    const { copies } = await createTitle(t, { institutionId: desk.institutionId });
    const send = () =>
      t
        .http()
        .post('/circulation/checkouts')
        .set(auth(desk.staff.token))
        .set('Idempotency-Key', `muon-${copies[0].id}`)
        .send({ cardNumber: fresh.cardNumber, barcode: copies[0].barcode });
    const first = await send().expect(201);
    const second = await send().expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body.loan.id).toBe(first.body.loan.id);
  });
});

async function queryOutbox(
  t: TestApp,
  clientEventId: string,
): Promise<{ payload: { clientEventId: string; kind: string; locationId: string } }[]> {
  const ds = t.app.get(DataSource);
  return ds.query(
    `SELECT payload FROM platform.outbox WHERE topic = 'usage.event' AND payload->>'clientEventId' = $1`,
    [clientEventId],
  );
}
