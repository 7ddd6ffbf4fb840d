import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { NoticeScanService } from '@suotdoi/circulation';
import { NoticeRecorder } from '@suotdoi/notices';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createPatron, type FixturePatron } from '../../support/fixtures.js';
import { checkin, checkout, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

describe('circulation notices: due soon, overdue, hold ready / expiring — each sent once, listed in the feed', () => {
  let t: TestApp;
  let desk: Desk;
  let hoa: FixturePatron;
  let other: FixturePatron;

  beforeAll(async () => {
    t = await bootTestApp({ worker: true });
    desk = await createDesk(t);
    [hoa, other] = await Promise.all([
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Trịnh Thị Hoa' }),
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Ngô Văn Khác' }),
    ]);
  });
  afterAll(() => t.close());

  it('records one notice per event, delivers it once through the outbox, and never repeats it', async () => {
    const ds = t.app.get(DataSource);
    const { copies } = await createTitle(t, { institutionId: desk.institutionId, copies: 3 });
    const late = await checkout(t, desk, hoa.cardNumber, copies[0].barcode).expect(201);
    const soon = await checkout(t, desk, hoa.cardNumber, copies[1].barcode).expect(201);
    await checkout(t, desk, hoa.cardNumber, copies[2].barcode).expect(201); // due in two weeks: no notice yet
    await ds.query(
      `UPDATE circulation.loans SET checked_out_at = now() - interval '20 days', due_at = now() - interval '3 days' WHERE id = $1`,
      [late.body.loan.id],
    );
    await ds.query(`UPDATE circulation.loans SET due_at = now() + interval '1 day' WHERE id = $1`, [soon.body.loan.id]);

    const scanner = t.app.get(NoticeScanService);
    expect(await scanner.scan()).toEqual({ dueSoon: 1, overdue: 1, holdExpiring: 0, eLoanEnding: 0 });
    expect(await scanner.scan()).toEqual({ dueSoon: 0, overdue: 0, holdExpiring: 0, eLoanEnding: 0 });
    await Promise.all([scanner.scan(), scanner.scan()]);

    const recorder = t.app.get(NoticeRecorder);
    const sent = () =>
      recorder.forPatron(hoa.patronId).filter((n) => n.template.startsWith('circulation.') && n.channel === 'email');
    await eventually(() => sent().length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    const mine = sent();
    expect(mine.map((n) => n.template).sort()).toEqual(['circulation.due_soon', 'circulation.overdue']);
    expect(mine.find((n) => n.template === 'circulation.overdue')!.bodyVi).toContain(copies[0].barcode);

    const feed = await t.http().get('/me/notices?limit=50').set(auth(hoa.token)).expect(200);
    const circulation = feed.body.items.filter((n: { module: string }) => n.module === 'circulation');
    expect(circulation).toHaveLength(2);
    expect(circulation.every((n: { sentAt: string | null }) => n.sentAt !== null)).toBe(true);
    // Another patron's feed does not show them.
    const others = (await t.http().get('/me/notices').set(auth(other.token)).expect(200)).body.items;
    expect(others.filter((n: { module: string }) => n.module === 'circulation')).toEqual([]);

    // Renewal moves the due day: the next reminder is a new event.
    await t.http().post(`/me/loans/${late.body.loan.id}/renew`).set(auth(hoa.token)).expect(200);
  });

  it('warns a patron whose hold is about to expire, once', async () => {
    const ds = t.app.get(DataSource);
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId });
    await checkout(t, desk, other.cardNumber, copies[0].barcode).expect(201);
    const hold = await t
      .http()
      .post('/me/holds')
      .set(auth(hoa.token))
      .send({ recordId, pickupInstitutionId: desk.institutionId })
      .expect(201);
    await checkin(t, desk, copies[0].barcode).expect(200);
    await ds.query(`UPDATE circulation.holds SET expires_at = now() + interval '5 hours' WHERE id = $1`, [
      hold.body.hold.id,
    ]);
    const scanner = t.app.get(NoticeScanService);
    expect((await scanner.scan()).holdExpiring).toBe(1);
    expect((await scanner.scan()).holdExpiring).toBe(0);
    const feed = await t.http().get('/me/notices').set(auth(hoa.token)).expect(200);
    expect(feed.body.items.filter((n: { kind: string }) => n.kind === 'hold_ready')).toHaveLength(1);
    expect(feed.body.items.filter((n: { kind: string }) => n.kind === 'hold_expiring')).toHaveLength(1);
  });
});
