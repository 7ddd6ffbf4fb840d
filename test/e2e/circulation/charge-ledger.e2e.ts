// Charges as libraries keep them: a lost-item charge from the copy's price, payment in parts, reversal of an entry
// recorded by mistake (with a reason), amounts written the Vietnamese way, concurrent part payments that never
// overpay, and an overdue loan that shows the charge it has run up so far.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { daysAgo } from '../../support/clock.js';
import { auth, createPatron, createStaff, createSystemAdmin } from '../../support/fixtures.js';
import { checkout, copyStatus, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

const FINE_PER_DAY = 2000;
const LOAN_DAYS = 14;
const PRICE = 125_000;

describe('circulation: lost-item charges, part payments, reversals', () => {
  let t: TestApp;
  let ds: DataSource;
  let a: Desk;
  let b: Desk;
  let managerA: { accountId: string; token: string };

  beforeAll(async () => {
    t = await bootTestApp();
    ds = t.app.get(DataSource);
    a = await createDesk(t, { name: 'Thư viện tỉnh Kon Tum' });
    b = await createDesk(t, { name: 'Thư viện huyện Đắk Hà' });
    managerA = await createStaff(t, { institutionId: a.institutionId, roles: ['manager'] });
    const admin = await createSystemAdmin(t);
    await t
      .http()
      .post('/circulation/policies')
      .set(auth(admin.token))
      .send({
        institutionId: a.institutionId,
        loanDays: LOAN_DAYS,
        overdueFinePerDayVnd: FINE_PER_DAY,
        note: 'Thu phí quá hạn 2.000 đồng/ngày',
      })
      .expect(201);
  });
  afterAll(() => t.close());

  /** A copy with a price lent at desk A `lateDays` days past its due date. */
  async function lentLate(fullName: string, lateDays: number, priceVnd: number | null = PRICE) {
    const patron = await createPatron(t, { institutionId: a.institutionId, fullName });
    const { copies } = await createTitle(t, {
      institutionId: a.institutionId,
      title: 'Lịch sử Việt Nam — tập 2',
      priceVnd: priceVnd ?? undefined,
    });
    const out = await t.clock.at(daysAgo(LOAN_DAYS + lateDays), () =>
      checkout(t, a, patron.cardNumber, copies[0].barcode).expect(201),
    );
    return { patron, copy: copies[0], loanId: out.body.loan.id as string };
  }
  const lost = (token: string, loanId: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/circulation/loans/${loanId}/lost`).set(auth(token)).send(body);
  const pay = (token: string, loanId: string, body: Record<string, unknown> = {}) =>
    t.http().post(`/circulation/charges/${loanId}/payment`).set(auth(token)).send(body);

  it('an overdue open loan shows the charge it has run up so far, not 0', async () => {
    const { patron, loanId } = await lentLate('Lê Thị Ánh', 4);
    const staff = await t.http().get(`/circulation/loans/${loanId}`).set(auth(a.staff.token)).expect(200);
    expect(staff.body).toMatchObject({ status: 'overdue', fineVnd: 4 * FINE_PER_DAY, fineAccruing: true });
    const mine = await t.http().get('/me/loans').set(auth(patron.token)).expect(200);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ id: loanId, fineVnd: 4 * FINE_PER_DAY, fineAccruing: true }),
    ]);
    // A day later it has grown by a day's charge (a librarian signed in that day).
    const later = await t.clock.at(new Date(Date.now() + 86_400_000), async () => {
      const librarian = await createStaff(t, { institutionId: a.institutionId, roles: ['circulation'] });
      return t.http().get(`/circulation/loans/${loanId}`).set(auth(librarian.token)).expect(200);
    });
    expect(later.body.fineVnd).toBe(5 * FINE_PER_DAY);
  });

  it('a lost-item charge is partly paid, then the payment is reversed with a reason and is owed again', async () => {
    const { patron, copy, loanId } = await lentLate('Y Đôn Niê', 3);
    // Only the lending library declares it lost.
    await lost(b.staff.token, loanId).expect(404);
    const charged = await lost(a.staff.token, loanId).expect(201);
    const total = PRICE + 3 * FINE_PER_DAY;
    expect(charged.body).toMatchObject({
      loanId,
      kind: 'lost',
      patronId: patron.patronId,
      amountVnd: total,
      lostItemVnd: PRICE,
      settledVnd: 0,
      owedVnd: total,
      amountVi: '131.000 đồng',
      owedVi: '131.000 đồng',
      status: 'unsettled',
      settlement: null,
      entries: [],
    });
    expect((await copyStatus(t, copy.id)).status).toBe('lost');
    await lost(a.staff.token, loanId).expect(404);

    const part = await pay(a.staff.token, loanId, { amountVnd: 50_000, receiptNumber: 'BL-2026/0456' }).expect(201);
    expect(part.body).toMatchObject({
      status: 'partly_settled',
      settledVnd: 50_000,
      owedVnd: total - 50_000,
      owedVi: '81.000 đồng',
      settlement: null,
      entries: [
        {
          kind: 'paid',
          amountVnd: 50_000,
          amountVi: '50.000 đồng',
          receiptNumber: 'BL-2026/0456',
          reversed: false,
          settledBy: a.staff.accountId,
        },
      ],
    });
    // More than is owed is refused, saying the amounts the Vietnamese way.
    const over = await pay(a.staff.token, loanId, { amountVnd: 90_000 }).expect(409);
    expect(over.body).toMatchObject({
      code: 'circulation/charge_overpaid',
      messageVi: 'Số tiền nộp 90.000 đồng vượt quá số còn nợ 81.000 đồng của khoản phí này.',
    });
    const mine = await t.http().get('/me/charges').set(auth(patron.token)).expect(200);
    expect(mine.body).toMatchObject({ total: 1, owedVnd: total - 50_000 });
    expect(mine.body.items[0].entries[0].settledBy).toBeNull();

    // Reversal: a manager of the lender, with a reason; circulation staff may not.
    const entryId = part.body.entries[0].id as string;
    const reversal = (token: string, reason: string) =>
      t.http().post(`/circulation/charges/${loanId}/entries/${entryId}/reversal`).set(auth(token)).send({ reason });
    await reversal(a.staff.token, 'Thu nhầm').expect(403);
    expect((await reversal(managerA.token, 'ab').expect(400)).body.code).toBe('platform/validation_failed');
    const reason = 'Thu nhầm biên lai của bạn đọc khác, đã hoàn tiền theo phiếu chi số 12';
    const reversed = await reversal(managerA.token, reason.normalize('NFD')).expect(201);
    expect(reversed.body).toMatchObject({ status: 'unsettled', settledVnd: 0, owedVnd: total });
    expect(reversed.body.entries).toEqual([
      expect.objectContaining({ id: entryId, kind: 'paid', reversed: true }),
      expect.objectContaining({
        kind: 'reversal',
        amountVnd: 50_000,
        reason: reason.normalize('NFC'),
        reversesId: entryId,
        settledBy: managerA.accountId,
      }),
    ]);
    const again = await reversal(managerA.token, 'Hoàn lại lần nữa').expect(409);
    expect(again.body.code).toBe('circulation/charge_entry_already_reversed');

    // Paid in full afterwards: settled, the history of three entries kept.
    const full = await pay(a.staff.token, loanId, { note: 'Bạn đọc nộp đủ tiền bồi thường' }).expect(201);
    expect(full.body).toMatchObject({ status: 'paid', owedVnd: 0, settlement: { kind: 'paid', amountVnd: total } });
    expect(full.body.entries.map((e: { kind: string }) => e.kind)).toEqual(['paid', 'reversal', 'paid']);
    const rows = await ds.query(
      `SELECT fine_vnd, fine_settled_vnd, lost_item_vnd, fine_settled_at IS NOT NULL AS settled FROM circulation.loans WHERE id = $1`,
      [loanId],
    );
    expect(rows).toEqual([{ fine_vnd: total, fine_settled_vnd: total, lost_item_vnd: PRICE, settled: true }]);
  });

  it('a copy without a price needs the amount; the desk may set it', async () => {
    const { loanId } = await lentLate('Hà Thị Đẹp', 0, null);
    const refused = await lost(a.staff.token, loanId).expect(422);
    expect(refused.body.code).toBe('circulation/copy_price_unknown');
    expect(refused.body.messageVi).toMatch(/^Bản sách DKCB-[0-9a-f]{8}-0 chưa có giá trong mục lục/);
    const set = await lost(a.staff.token, loanId, { priceVnd: 80_000 }).expect(201);
    expect(set.body).toMatchObject({ kind: 'lost', amountVnd: 80_000, lostItemVnd: 80_000, amountVi: '80.000 đồng' });
  });

  it('30 concurrent part payments of 10.000 đồng on a 131.000 đồng charge: 13 succeed, 17 are refused, never overpaid', async () => {
    const { loanId } = await lentLate('Đinh Văn Đức', 3);
    await lost(a.staff.token, loanId).expect(201);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => pay(a.staff.token, loanId, { amountVnd: 10_000, receiptNumber: `BL-${i}` })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(13);
    const refused = results.filter((r) => r.status === 409);
    expect(refused).toHaveLength(17);
    expect(refused.every((r) => r.body.code === 'circulation/charge_overpaid')).toBe(true);
    const [row] = await ds.query(
      `SELECT l.fine_settled_vnd, l.fine_settled_at IS NULL AS open, (SELECT sum(amount_vnd)::int FROM circulation.charge_settlements s WHERE s.loan_id = l.id) AS entries
       FROM circulation.loans l WHERE l.id = $1`,
      [loanId],
    );
    expect(row).toEqual({ fine_settled_vnd: 130_000, open: true, entries: 130_000 });
    const rest = await pay(a.staff.token, loanId).expect(201);
    expect(rest.body).toMatchObject({ status: 'paid', owedVnd: 0, settlement: { amountVnd: 1_000 } });
  });
});
