import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { NoticeScanService } from '@suotdoi/circulation';
import { NoticeRecorder } from '@suotdoi/notices';
import { vietnamDate } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { daysAgo } from '../../support/clock.js';
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
    const { copies } = await createTitle(t, { institutionId: desk.institutionId, copies: 3 });
    // Lent 17 days ago (due 3 days ago), 13 days ago (due tomorrow) and now (due in two weeks: no notice yet).
    const late = await t.clock.at(daysAgo(17), () => checkout(t, desk, hoa.cardNumber, copies[0].barcode).expect(201));
    const soon = await t.clock.at(daysAgo(13), () => checkout(t, desk, hoa.cardNumber, copies[1].barcode).expect(201));
    await checkout(t, desk, hoa.cardNumber, copies[2].barcode).expect(201);
    expect(vietnamDate(new Date(late.body.loan.dueAt))).toBe(vietnamDate(daysAgo(3)));
    expect(vietnamDate(new Date(soon.body.loan.dueAt))).toBe(vietnamDate(daysAgo(-1)));

    const scanner = t.app.get(NoticeScanService);
    expect(await scanner.scan()).toEqual({ dueSoon: 1, overdue: 1, holdExpiring: 0, eLoanEnding: 0 });
    expect(await scanner.scan()).toEqual({ dueSoon: 0, overdue: 0, holdExpiring: 0, eLoanEnding: 0 });
    await Promise.all([scanner.scan(), scanner.scan()]);

    const recorder = t.app.get(NoticeRecorder);
    const sent = () =>
      recorder.forPatron(hoa.patronId).filter((n) => n.template.startsWith('circulation.') && n.channel === 'email');
    await eventually(() => sent().length >= 2);
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
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId });
    // Lent, held and returned (trapped for the hold) three days ago: the pickup deadline is the end of today, within
    // the warning window.
    const hold = await t.clock.at(daysAgo(3), async () => {
      await checkout(t, desk, other.cardNumber, copies[0].barcode).expect(201);
      const placed = await t
        .http()
        .post('/me/holds')
        .set(auth(hoa.token))
        .send({ recordId, pickupInstitutionId: desk.institutionId })
        .expect(201);
      await checkin(t, desk, copies[0].barcode).expect(200);
      return placed;
    });
    const ready = (await t.http().get('/me/holds').set(auth(hoa.token)).expect(200)).body.items;
    expect(ready.map((h: { id: string; pickupBy: string }) => [h.id, h.pickupBy])).toEqual([
      [hold.body.hold.id, vietnamDate(new Date())],
    ]);
    const scanner = t.app.get(NoticeScanService);
    expect((await scanner.scan()).holdExpiring).toBe(1);
    expect((await scanner.scan()).holdExpiring).toBe(0);
    const feed = await t.http().get('/me/notices').set(auth(hoa.token)).expect(200);
    expect(feed.body.items.filter((n: { kind: string }) => n.kind === 'hold_ready')).toHaveLength(1);
    expect(feed.body.items.filter((n: { kind: string }) => n.kind === 'hold_expiring')).toHaveLength(1);
  });
});
