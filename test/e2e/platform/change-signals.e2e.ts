import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CalendarService } from '@suotdoi/network';
import { PoliciesService } from '@suotdoi/circulation';
import { ChangeSignals } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { createInstitution } from '../../support/fixtures.js';

// Caches of the rule matrix and of opening days answer from memory, yet a change made anywhere (another API process,
// plain SQL) reaches them; while the signal connection is down they are not used at all.
describe('change signals and the caches they keep true', () => {
  let a: TestApp;
  let b: TestApp;
  let ds: DataSource;
  let inst: string;
  const WEEKDAYS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:30', closes: '17:00' }));

  beforeAll(async () => {
    a = await bootTestApp();
    b = await bootTestApp({ db: a.db });
    ds = a.app.get(DataSource);
    ({ institutionId: inst } = await createInstitution(a, { name: 'Thư viện xã Tân Hợp' }));
    await a.app.get(CalendarService).setWeeklyHours(inst, WEEKDAYS);
    await eventually(() => a.app.get(ChangeSignals).live && b.app.get(ChangeSignals).live);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const nextOpenDay = (t: TestApp, date: string) => t.app.get(CalendarService).nextOpenDay(inst, date);
  const loanDays = async (t: TestApp) =>
    (await t.app.get(PoliciesService).match({ institutionId: inst, patronCategory: 'adult', itemType: 'book' })).rule
      .loanDays;

  it('a holiday added by another process, or by plain SQL, moves the next open day at once in both', async () => {
    // 2027-04-16 is Giỗ Tổ Hùng Vương (10/3 âm lịch), a Friday.
    expect(await nextOpenDay(a, '2027-04-16')).toBe('2027-04-16');
    expect(await nextOpenDay(b, '2027-04-16')).toBe('2027-04-16');
    await b.app
      .get(CalendarService)
      .addHoliday({ startsOn: '2027-04-16', endsOn: '2027-04-16', reason: 'Giỗ Tổ Hùng Vương' });
    expect(await nextOpenDay(b, '2027-04-16')).toBe('2027-04-19'); // the process that changed it: immediately
    await eventually(async () => (await nextOpenDay(a, '2027-04-16')) === '2027-04-19');
    await ds.query(`DELETE FROM network.closures WHERE reason = 'Giỗ Tổ Hùng Vương'`);
    await eventually(
      async () =>
        (await nextOpenDay(a, '2027-04-16')) === '2027-04-16' && (await nextOpenDay(b, '2027-04-16')) === '2027-04-16',
    );
  });

  it('a rule changed in one process, or by plain SQL, is the rule every process matches', async () => {
    const before = await loanDays(b);
    await loanDays(a);
    const [{ id }]: { id: string }[] = await ds.query(
      `INSERT INTO circulation.policies (institution_id, loan_days, max_loans, renewals_allowed, renewal_days, holds_allowed, max_holds, pickup_days, note)
       VALUES ($1, $2, 5, 2, 14, true, 5, 3, 'Sách mượn về nhà') RETURNING id`,
      [inst, before + 7],
    );
    await eventually(async () => (await loanDays(a)) === before + 7 && (await loanDays(b)) === before + 7);
    await a.app.get(PoliciesService).update({ systemAdmin: true } as never, id, { loanDays: before + 9 });
    expect(await loanDays(a)).toBe(before + 9); // the process that changed it: immediately
    await eventually(async () => (await loanDays(b)) === before + 9);
  });

  it('while the signal connection is down the caches are bypassed, and they come back when it is', async () => {
    expect(await nextOpenDay(a, '2027-09-02')).toBe('2027-09-02'); // Quốc khánh, a Thursday: open until told otherwise
    await ds.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'suotdoi-change-signals' AND datname = current_database()`,
    );
    await eventually(() => !a.app.get(ChangeSignals).live);
    await ds.query(
      `INSERT INTO network.closures (institution_id, starts_on, ends_on, kind, reason) VALUES (NULL, '2027-09-02', '2027-09-03', 'holiday', 'Quốc khánh')`,
    );
    if (!a.app.get(ChangeSignals).live) expect(await nextOpenDay(a, '2027-09-02')).toBe('2027-09-06');
    await eventually(() => a.app.get(ChangeSignals).live && b.app.get(ChangeSignals).live, 10_000);
    expect(await nextOpenDay(a, '2027-09-02')).toBe('2027-09-06');
    expect(await nextOpenDay(b, '2027-09-02')).toBe('2027-09-06');
  });
});
