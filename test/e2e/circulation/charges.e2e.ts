// Overdue charges at the desk: a rule charges per late day, the charge blocks borrowing over the threshold, staff
// of the lending institution record payment, managers waive with a reason; settling is once only, under races too.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ChargesService } from '@suotdoi/circulation';
import { vietnamDate } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { daysAgo } from '../../support/clock.js';
import { auth, createPatron, createStaff, createSystemAdmin, type FixturePatron } from '../../support/fixtures.js';
import { checkin, checkout, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

const FINE_PER_DAY = 2000;
const LOAN_DAYS = 14;
const LATE_DAYS = 3;
const CHARGE = FINE_PER_DAY * LATE_DAYS;

describe('circulation: overdue charges (phí quá hạn)', () => {
  let t: TestApp;
  let ds: DataSource;
  let a: Desk;
  let b: Desk;
  let managerA: { accountId: string; token: string };
  let managerB: { accountId: string; token: string };

  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get(DataSource);
    a = await createDesk(t, { name: 'Thư viện tỉnh Quảng Trị' });
    b = await createDesk(t, { name: 'Thư viện huyện Đakrông' });
    [managerA, managerB] = await Promise.all([
      createStaff(t, { institutionId: a.institutionId, roles: ['manager'] }),
      createStaff(t, { institutionId: b.institutionId, roles: ['manager'] }),
    ]);
    const admin = await createSystemAdmin(t);
    for (const institutionId of [a.institutionId, b.institutionId]) {
      await t
        .http()
        .post('/circulation/policies')
        .set(auth(admin.token))
        .send({
          institutionId,
          loanDays: LOAN_DAYS,
          overdueFinePerDayVnd: FINE_PER_DAY,
          blockThresholdVnd: 5000,
          note: 'Thu phí quá hạn 2.000 đồng/ngày; khóa mượn từ 5.000 đồng',
        })
        .expect(201);
    }
  });
  afterAll(() => t.close());

  /** Loans of `patron` at each desk, all returned LATE_DAYS late: a charge of CHARGE VND each. Returns the loan ids. */
  async function chargedAt(patron: FixturePatron, desks: Desk[]): Promise<string[]> {
    const lent: { desk: Desk; barcode: string; loanId: string }[] = [];
    // Lend them all first, LOAN_DAYS + LATE_DAYS days ago (the clock set back): once charged, the patron is over the
    // block threshold.
    for (const desk of desks) {
      const { copies } = await createTitle(t, { institutionId: desk.institutionId });
      const out = await t.clock.at(daysAgo(LOAN_DAYS + LATE_DAYS), () =>
        checkout(t, desk, patron.cardNumber, copies[0].barcode).expect(201),
      );
      expect(vietnamDate(new Date(out.body.loan.dueAt))).toBe(vietnamDate(daysAgo(LATE_DAYS)));
      lent.push({ desk, barcode: copies[0].barcode, loanId: out.body.loan.id });
    }
    for (const l of lent) {
      const back = await checkin(t, l.desk, l.barcode).expect(200);
      expect(back.body.loan).toMatchObject({ id: l.loanId, status: 'returned', fineVnd: CHARGE, fineSettledAt: null });
    }
    return lent.map((l) => l.loanId);
  }
  const charged = async (patron: FixturePatron) => (await chargedAt(patron, [a]))[0];

  const pay = (token: string, loanId: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/circulation/charges/${loanId}/payment`).set(auth(token)).send(body);
  const waive = (token: string, loanId: string, reason: string) =>
    t.http().post(`/circulation/charges/${loanId}/waiver`).set(auth(token)).send({ reason });

  it('an overdue return is charged, the charge blocks borrowing; payment at the desk clears it and is recorded; the loan is anonymised after the accounting retention period', async () => {
    const patron = await createPatron(t, { institutionId: a.institutionId, fullName: 'Hồ Thị Đào' });
    const loanId = await charged(patron);
    const mine = await t.http().get('/me/charges').set(auth(patron.token)).expect(200);
    expect(mine.body).toMatchObject({
      total: 1,
      owedVnd: CHARGE,
      items: [{ loanId, amountVnd: CHARGE, status: 'unsettled', settlement: null, institutionId: a.institutionId }],
    });
    const { copies } = await createTitle(t, { institutionId: a.institutionId, title: 'Đất rừng phương Nam' });
    const blocked = await checkout(t, a, patron.cardNumber, copies[0].barcode).expect(422);
    expect(blocked.body.details.decision.reasons.map((r: { code: string }) => r.code)).toEqual(['patron_blocked']);
    expect(blocked.body.messageVi).toContain('Khoản phí chưa thanh toán 6.000 đồng đã đạt ngưỡng khóa 5.000 đồng');
    const desk = await t
      .http()
      .get('/circulation/charges')
      .query({ cardNumber: patron.cardNumber })
      .set(auth(a.staff.token))
      .expect(200);
    expect(desk.body).toMatchObject({ total: 1, owedVnd: CHARGE, items: [{ loanId, patronId: patron.patronId }] });

    const paid = await pay(a.staff.token, loanId, {
      receiptNumber: 'BL-2026/000123',
      note: 'Bạn đọc nộp tiền mặt tại quầy',
    }).expect(201);
    expect(paid.body).toMatchObject({
      loanId,
      amountVnd: CHARGE,
      status: 'paid',
      settlement: {
        kind: 'paid',
        amountVnd: CHARGE,
        receiptNumber: 'BL-2026/000123',
        reason: 'Bạn đọc nộp tiền mặt tại quầy',
        settledBy: a.staff.accountId,
      },
    });
    // Settled, the loan keeps naming the patron for the accounting retention period, even without a history.
    expect(paid.body.patronId).toBe(patron.patronId);
    expect(
      (await t.http().get('/me/charges').query({ status: 'all' }).set(auth(patron.token)).expect(200)).body,
    ).toMatchObject({ total: 1, owedVnd: 0 });
    const charges = t.app.get(ChargesService, { strict: false });
    expect(await charges.anonymiseExpired()).toBe(0);
    // Five years and a day on, the nightly job anonymises it (the patron keeps no history: the default).
    const anonymised = await t.clock.at(new Date(Date.now() + (5 * 366 + 1) * 86_400_000), () =>
      charges.anonymiseExpired(),
    );
    expect(anonymised).toBe(1);
    const [row] = await ds.query(`SELECT patron_id, fine_settled_at FROM circulation.loans WHERE id = $1`, [loanId]);
    expect(row.patron_id).toBeNull();
    expect(row.fine_settled_at).not.toBeNull();
    expect(
      (await t.http().get('/me/charges').query({ status: 'all' }).set(auth(patron.token)).expect(200)).body,
    ).toMatchObject({ total: 0, owedVnd: 0 });
    // The audit trail stays with the lending institution.
    const audit = await t.http().get(`/circulation/charges/${loanId}`).set(auth(managerA.token)).expect(200);
    expect(audit.body.settlement).toMatchObject({ kind: 'paid', settledBy: a.staff.accountId });
    await checkout(t, a, patron.cardNumber, copies[0].barcode).expect(201);
    // Paying again is refused, clearly.
    const again = await pay(a.staff.token, loanId).expect(409);
    expect(again.body).toMatchObject({
      code: 'circulation/charge_already_settled',
      message: 'This charge was already settled (paid).',
      messageVi: 'Khoản phí này đã được xử lý (đã thu).',
    });
  });

  it('a manager waives a charge with a reason (NFD input stored NFC); a patron who keeps history keeps the loan and sees the waiver', async () => {
    const patron = await createPatron(t, { institutionId: a.institutionId, fullName: 'Nguyễn Văn Đông' });
    await t.http().put('/me/history/setting').set(auth(patron.token)).send({ keepHistory: true }).expect(200);
    const loanId = await charged(patron);
    // Circulation staff may take payment but not waive (the route needs the manager role).
    expect((await waive(a.staff.token, loanId, 'Miễn phí cho học sinh').expect(403)).body.code).toBe(
      'platform/forbidden',
    );
    expect((await waive(managerA.token, loanId, 'ab').expect(400)).body.code).toBe('platform/validation_failed');
    await t.http().post(`/circulation/charges/${loanId}/waiver`).set(auth(managerA.token)).send({}).expect(400);
    const reason = 'Bạn đọc là học sinh hoàn cảnh khó khăn, miễn theo quyết định của Giám đốc';
    const waived = await waive(managerA.token, loanId, reason.normalize('NFD')).expect(201);
    expect(waived.body).toMatchObject({
      status: 'waived',
      patronId: patron.patronId,
      settlement: { kind: 'waived', reason, settledBy: managerA.accountId, receiptNumber: null },
    });
    expect(waived.body.settlement.reason).toBe(reason.normalize('NFC'));
    const mine = await t.http().get('/me/charges').query({ status: 'settled' }).set(auth(patron.token)).expect(200);
    expect(mine.body).toMatchObject({
      total: 1,
      owedVnd: 0,
      items: [{ loanId, status: 'waived', settlement: { kind: 'waived', reason, settledBy: null } }],
    });
    const history = await t.http().get('/me/history').set(auth(patron.token)).expect(200);
    expect(history.body.items).toEqual([
      expect.objectContaining({ id: loanId, fineVnd: CHARGE, fineSettledAt: expect.any(String) }),
    ]);
    expect((await pay(a.staff.token, loanId).expect(409)).body.messageVi).toBe(
      'Khoản phí này đã được xử lý (đã miễn).',
    );
    // Turning history off now erases the settled loan from it.
    await t.http().put('/me/history/setting').set(auth(patron.token)).send({ keepHistory: false }).expect(200);
    expect((await t.http().get('/me/history').set(auth(patron.token)).expect(200)).body.total).toBe(0);
  });

  it("access: staff of another institution get 404; the patron's home desk sees charges owed elsewhere but only the lender settles them", async () => {
    const patron = await createPatron(t, { institutionId: a.institutionId, fullName: 'Lê Thị Đoan Trang' });
    const stranger = await createPatron(t, { institutionId: b.institutionId, fullName: 'Trần Đức Lương' });
    const [atA, atB] = await chargedAt(patron, [a, b]);

    // Staff of B: A's charge is foreign.
    expect((await t.http().get(`/circulation/charges/${atA}`).set(auth(b.staff.token)).expect(404)).body.code).toBe(
      'circulation/charge_not_found',
    );
    expect((await pay(b.staff.token, atA).expect(404)).body.code).toBe('circulation/charge_not_found');
    expect((await waive(managerB.token, atA, 'Không có lý do chính đáng').expect(404)).body.code).toBe(
      'circulation/charge_not_found',
    );
    expect(
      (
        await t
          .http()
          .get('/circulation/charges')
          .query({ institutionId: a.institutionId })
          .set(auth(b.staff.token))
          .expect(404)
      ).body.code,
    ).toBe('circulation/institution_not_found');
    // Staff of B see the patron only through what is owed to B.
    expect(
      (
        await t
          .http()
          .get('/circulation/charges')
          .query({ cardNumber: patron.cardNumber })
          .set(auth(b.staff.token))
          .expect(404)
      ).body.code,
    ).toBe('circulation/patron_not_found');
    const owedToB = await t
      .http()
      .get('/circulation/charges')
      .query({ institutionId: b.institutionId, cardNumber: patron.cardNumber })
      .set(auth(b.staff.token))
      .expect(200);
    expect(owedToB.body.items.map((c: { loanId: string }) => c.loanId)).toEqual([atB]);

    // The home desk (A) sees every charge of its patron, wherever owed…
    const home = await t
      .http()
      .get('/circulation/charges')
      .query({ patronId: patron.patronId })
      .set(auth(a.staff.token))
      .expect(200);
    expect(home.body).toMatchObject({ total: 2, owedVnd: 2 * CHARGE });
    expect(new Set(home.body.items.map((c: { loanId: string }) => c.loanId))).toEqual(new Set([atA, atB]));
    await t.http().get(`/circulation/charges/${atB}`).set(auth(a.staff.token)).expect(200);
    // …but B is owed B's charge: A may not take the money for it.
    const wrongDesk = await pay(a.staff.token, atB).expect(403);
    expect(wrongDesk.body).toMatchObject({
      code: 'circulation/role_required',
      details: { institutionId: b.institutionId },
    });
    // A manager of A who is also a circulation librarian of B may take payment at B, but not waive there.
    const both = await createStaff(t, {
      institutions: [
        { institutionId: a.institutionId, roles: ['manager'] },
        { institutionId: b.institutionId, roles: ['circulation'] },
      ],
    });
    expect((await waive(both.token, atB, 'Thử miễn phí ở cơ sở khác').expect(403)).body.code).toBe(
      'circulation/role_required',
    );
    await pay(both.token, atB, { receiptNumber: 'ĐK-07' }).expect(201);

    // Patrons: their own charges only; staff routes are not for them.
    expect((await t.http().get('/me/charges').set(auth(stranger.token)).expect(200)).body).toMatchObject({
      total: 0,
      owedVnd: 0,
    });
    await t.http().get(`/circulation/charges/${atA}`).set(auth(stranger.token)).expect(403);
    await pay(stranger.token, atA).expect(403);
    // No charge, no settlement: an uncharged or open loan answers 404.
    const { copies } = await createTitle(t, { institutionId: a.institutionId });
    const open = await checkout(t, a, stranger.cardNumber, copies[0].barcode).expect(201);
    expect((await pay(a.staff.token, open.body.loan.id).expect(404)).body.code).toBe('circulation/charge_not_found');
    // Saying whose charges is required; unknown fields are refused.
    expect((await t.http().get('/circulation/charges').set(auth(a.staff.token)).expect(400)).body.code).toBe(
      'circulation/charge_filter_required',
    );
    await pay(a.staff.token, atA, { amountVnd: 0 }).expect(400);
    await pay(a.staff.token, atA, { discount: 1 }).expect(400);
  });

  it('20 concurrent payments of one charge: one 201, 19 × 409, one settlement row', async () => {
    const patron = await createPatron(t, { institutionId: a.institutionId, fullName: 'Đặng Thùy Trâm' });
    const loanId = await charged(patron);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => pay(a.staff.token, loanId, { receiptNumber: `BL-ĐUA-${i}` })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(19);
    expect(refused.every((r) => r.body.code === 'circulation/charge_already_settled')).toBe(true);
    const rows = await ds.query(`SELECT kind, receipt_number FROM circulation.charge_settlements WHERE loan_id = $1`, [
      loanId,
    ]);
    expect(rows).toEqual([
      { kind: 'paid', receipt_number: results.find((r) => r.status === 201)!.body.settlement.receiptNumber },
    ]);
  });

  it('payments racing waivers on one charge: exactly one settlement wins, whichever it is', async () => {
    const patron = await createPatron(t, { institutionId: a.institutionId, fullName: 'Võ Thị Sáu' });
    const loanId = await charged(patron);
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        i % 2
          ? pay(a.staff.token, loanId, { note: `Thu tiền lần ${i}` })
          : waive(managerA.token, loanId, `Miễn phí lần ${i}: đường ngập lụt`),
      ),
    );
    const won = results.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(15);
    const [{ n, kind }] = await ds.query(
      `SELECT count(*)::int AS n, min(kind) AS kind FROM circulation.charge_settlements WHERE loan_id = $1`,
      [loanId],
    );
    expect(n).toBe(1);
    expect(kind).toBe(won[0].body.status);
  });

  it('the database alone refuses settling more than the charge or reversing an entry twice, and the audit trail cannot be edited or deleted', async () => {
    const patron = await createPatron(t, { institutionId: a.institutionId, fullName: 'Phan Bội Châu' });
    const loanId = await charged(patron);
    // Ten writers each add the whole charge, bypassing the application: only one fits under loans_fine_settled_vnd_chk.
    const add = () =>
      ds.transaction((m) =>
        m.query(`UPDATE circulation.loans SET fine_settled_vnd = fine_settled_vnd + $2 WHERE id = $1`, [
          loanId,
          CHARGE,
        ]),
      );
    const attempts = await Promise.allSettled(Array.from({ length: 10 }, add));
    expect(attempts.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    const rejected = attempts.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
    expect(
      rejected.map((r) => (r.reason as { driverError?: { constraint?: string } }).driverError?.constraint),
    ).toEqual(Array(9).fill('loans_fine_settled_vnd_chk'));
    const [entry]: { id: string }[] = await ds.query(
      `INSERT INTO circulation.charge_settlements (loan_id, kind, amount_vnd, settled_by, settled_at) VALUES ($1, 'paid', $2, $3, now()) RETURNING id`,
      [loanId, CHARGE, a.staff.accountId],
    );
    const reverse = () =>
      ds.query(
        `INSERT INTO circulation.charge_settlements (loan_id, kind, amount_vnd, reason, reverses_id, settled_by, settled_at) VALUES ($1, 'reversal', $2, 'Ghi nhầm', $3, $4, now())`,
        [loanId, CHARGE, entry.id, managerA.accountId],
      );
    const reversals = await Promise.allSettled(Array.from({ length: 5 }, reverse));
    expect(reversals.filter((x) => x.status === 'fulfilled')).toHaveLength(1);
    expect(
      reversals
        .filter((x): x is PromiseRejectedResult => x.status === 'rejected')
        .map((r) => (r.reason as { driverError?: { constraint?: string } }).driverError?.constraint),
    ).toEqual(Array(4).fill('charge_settlements_one_reversal_uq'));
    await expect(
      ds.query(`UPDATE circulation.charge_settlements SET amount_vnd = 1 WHERE loan_id = $1`, [loanId]),
    ).rejects.toMatchObject({ driverError: { code: '23001' } });
    await expect(
      ds.query(`DELETE FROM circulation.charge_settlements WHERE loan_id = $1`, [loanId]),
    ).rejects.toMatchObject({ driverError: { code: '23001' } });
    await expect(
      ds.query(
        `INSERT INTO circulation.charge_settlements (loan_id, kind, amount_vnd, settled_by, settled_at) VALUES ($1, 'waived', 1, $2, now())`,
        [loanId, a.staff.accountId],
      ),
    ).rejects.toMatchObject({
      driverError: { constraint: 'charge_settlements_waiver_reason_chk' },
    });
    // A loan cannot be marked settled without a charge.
    const fresh = await createPatron(t, { institutionId: a.institutionId, fullName: 'Huỳnh Thúc Kháng' });
    const { copies } = await createTitle(t, { institutionId: a.institutionId });
    const lent = await checkout(t, a, fresh.cardNumber, copies[0].barcode).expect(201);
    await expect(
      ds.query(`UPDATE circulation.loans SET fine_settled_at = now() WHERE id = $1`, [lent.body.loan.id]),
    ).rejects.toMatchObject({ driverError: { constraint: 'loans_fine_settled_chk' } });
  });

  it('the new desk routes are in the OpenAPI document with response DTOs; POSTs document Idempotency-Key', async () => {
    const docs = (await t.http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name: string; in: string }[];
            responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
          }
        >
      >;
    };
    const routes: [string, string, string, string][] = [
      ['/circulation/charges', 'get', '200', 'ChargePageDto'],
      ['/circulation/charges/{loanId}', 'get', '200', 'ChargeDto'],
      ['/circulation/charges/{loanId}/payment', 'post', '201', 'ChargeDto'],
      ['/circulation/charges/{loanId}/waiver', 'post', '201', 'ChargeDto'],
      ['/me/charges', 'get', '200', 'ChargePageDto'],
      ['/circulation/transfers/{id}/cancel', 'post', '200', 'TransferDto'],
      ['/circulation/transfers/{id}/lost', 'post', '200', 'TransferDto'],
      ['/circulation/e-loans', 'get', '200', 'StaffELoanPageDto'],
      ['/circulation/e-holds', 'get', '200', 'StaffEHoldPageDto'],
    ];
    for (const [path, method, status, dto] of routes) {
      const op = docs.paths[path]?.[method];
      expect({ path, method, documented: !!op }).toEqual({ path, method, documented: true });
      expect(JSON.stringify(op!.responses[status]?.content?.['application/json']?.schema)).toContain(
        `#/components/schemas/${dto}`,
      );
      if (method === 'post')
        expect(op!.parameters?.some((x) => x.in === 'header' && x.name === 'Idempotency-Key')).toBe(true);
    }
  });

  it('a payment sent twice with the same Idempotency-Key is replayed, not refused', async () => {
    const patron = await createPatron(t, { institutionId: a.institutionId, fullName: 'Trịnh Công Sơn' });
    const loanId = await charged(patron);
    const send = () =>
      t
        .http()
        .post(`/circulation/charges/${loanId}/payment`)
        .set(auth(a.staff.token))
        .set('Idempotency-Key', `thu-phi-${loanId}`)
        .send({ receiptNumber: 'BL-0042' });
    const first = await send().expect(201);
    const second = await send().expect(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.body).toEqual(first.body);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM circulation.charge_settlements WHERE loan_id = $1`, [
      loanId,
    ]);
    expect(n).toBe(1);
  });
});
