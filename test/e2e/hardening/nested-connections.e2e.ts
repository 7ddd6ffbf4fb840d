// A transaction that asks the pool for a second connection deadlocks under load (every connection held by a
// transaction waiting on the same row lock, none left for the second read). The guard (on in tests) makes such a
// read fail at once; these checks run the busiest shapes with a pool smaller than the number of callers.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { CalendarService } from '@suotdoi/network';
import { NestedConnectionError, pipelinedTransaction } from '@suotdoi/platform';
import { bootTestApp, type TestApp } from '../../support/app.js';
import { auth, createPatron, type FixturePatron } from '../../support/fixtures.js';
import { checkout, createDesk, createTitle, type Desk } from '../circulation/circulation-fixtures.js';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '07:30', closes: '17:00' }));

describe('nested connections inside a transaction', () => {
  let t: TestApp;
  let desk: Desk;
  let an: FixturePatron;

  beforeAll(async () => {
    t = await bootTestApp({ env: { DATABASE_POOL_SIZE: '4' } });
    desk = await createDesk(t, { name: 'Thư viện huyện Đakrông' });
    await t.app.get(CalendarService).setWeeklyHours(desk.institutionId, EVERY_DAY);
    an = await createPatron(t, { institutionId: desk.institutionId, fullName: 'Đặng Thị Ánh' });
  });
  afterAll(() => t.close());

  it("the guard refuses a pool read from inside a transaction, and allows the transaction's own manager", async () => {
    const ds = t.app.get(DataSource);
    await expect(ds.transaction(async () => ds.query('SELECT 1'))).rejects.toBeInstanceOf(NestedConnectionError);
    await expect(pipelinedTransaction(ds, async () => ds.query('SELECT 1'))).rejects.toBeInstanceOf(
      NestedConnectionError,
    );
    await expect(pipelinedTransaction(ds, async (m) => m.query('SELECT 4 AS four'))).resolves.toEqual([{ four: 4 }]);
    await expect(ds.transaction(async (m) => m.query('SELECT 1 AS one'))).resolves.toEqual([{ one: 1 }]);
    // A savepoint on the same connection is not a second connection; work after the transaction may use the pool.
    await expect(ds.transaction((m) => m.transaction((inner) => inner.query('SELECT 2 AS two')))).resolves.toEqual([
      { two: 2 },
    ]);
    await ds.transaction(async (m) => m.query('SELECT 1'));
    await expect(ds.query('SELECT 3 AS three')).resolves.toEqual([{ three: 3 }]);
  });

  it('20 concurrent renewals of one loan on a pool of 4: only 200 and 422, the renewal limit holds', async () => {
    const { copies } = await createTitle(t, { institutionId: desk.institutionId, title: 'Nỗi buồn chiến tranh' });
    const loan = await checkout(t, desk, an.cardNumber, copies[0].barcode).expect(201);
    const id = loan.body.loan.id as string;
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => t.http().post(`/me/loans/${id}/renew`).set(auth(an.token))),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 422)).toEqual([]);
    const ok = statuses.filter((s) => s === 200).length;
    expect(ok).toBe(2); // the default rule's two renewals
    const seen = await t.http().get(`/circulation/loans/${id}`).set(auth(desk.staff.token)).expect(200);
    expect(seen.body.renewals).toBe(ok);
    for (const r of answers.filter((a) => a.status === 422)) expect(r.body.messageVi).toBeTruthy();
  });
});
