import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { NoticeScanService } from '@suotdoi/circulation';
import { AccountsService, PatronsService } from '@suotdoi/identity';
import { NoticeRecorder } from '@suotdoi/notices';
import { vietnamDate } from '@suotdoi/platform';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { daysAgo } from '../../support/clock.js';
import { auth, createPatron, tokenFor, type FixturePatron } from '../../support/fixtures.js';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../../support/smtp.js';
import { checkin, checkout, createDesk, createTitle, type Desk } from './circulation-fixtures.js';

const MAIL_FROM = 'Thư viện huyện Mèo Vạc <thong-bao@thuvien.meovac.example>';
const DUE_SOON = 'Sắp đến hạn trả tài liệu / Item due soon';
const HOLD_READY = 'Tài liệu đặt mượn đã sẵn sàng / Your hold is ready';
const OVERDUE = 'Tài liệu quá hạn / Item overdue';
const HOLD_EXPIRING = 'Sắp hết hạn nhận tài liệu đặt mượn / Hold about to expire';
const CARD_ISSUED = 'Thẻ bạn đọc của bạn đã được cấp / Your library card has been issued';
// A title that must be escaped in the HTML part.
const TRICKY = 'Tôi & "Đất" <Mẹ>';
const TRICKY_HTML = 'Tôi &amp; &quot;Đất&quot; &lt;Mẹ&gt;';
const ddmmyyyy = (iso: string) => iso.slice(0, 10).split('-').reverse().join('/');

// Circulation notices leave by e-mail through a real SMTP server (the worker's outbox relay delivers them), once.
describe('circulation notices by e-mail over SMTP', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let desk: Desk;
  let hoa: FixturePatron;
  let other: FixturePatron;
  let ds: DataSource;
  // Recipients whose next RCPT TO gets a temporary refusal (451), and ones always refused (550).
  const refuseOnce = new Set<string>();
  const refusals: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer({
      refuseRecipient: (a) => {
        if (a.startsWith('khong-ton-tai')) return { code: 550, message: 'No such user here' };
        if (!refuseOnce.delete(a)) return undefined;
        refusals.push(a);
        return { code: 451, message: 'Try again later' };
      },
    });
    t = await bootTestApp({ worker: true, env: { SMTP_URL: smtp.url, MAIL_FROM } });
    ds = t.app.get(DataSource);
    desk = await createDesk(t, { name: 'Thư viện huyện Mèo Vạc' });
    [hoa, other] = await Promise.all([
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Trịnh Thị Hoa' }),
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Ngô Văn Khác' }),
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mails = (to: string, subject: string): ReceivedMail[] => smtp.to(to).filter((m) => m.subject === subject);
  /**
   * A 14-day loan of a fresh copy (of a new record, `title` if given) to `cardNumber`, lent `lentDaysAgo` days ago (the
   * clock set back): by default due tomorrow, so the next scan sends "due soon"; lent 17 days ago, it is overdue.
   */
  const lend = async (cardNumber: string, title?: string, lentDaysAgo = 13) => {
    const { copies } = await createTitle(t, { institutionId: desk.institutionId, title });
    const res = await t.clock.at(daysAgo(lentDaysAgo), () =>
      checkout(t, desk, cardNumber, copies[0].barcode).expect(201),
    );
    const dueDay = vietnamDate(new Date(res.body.loan.dueAt));
    expect(dueDay).toBe(vietnamDate(daysAgo(lentDaysAgo - 14)));
    return { loanId: res.body.loan.id as string, barcode: copies[0].barcode, dueDay };
  };

  it('e-mails "due soon" and "hold ready" to the patron, in Vietnamese then English, from MAIL_FROM, each once', async () => {
    const loan = await lend(hoa.cardNumber, TRICKY);
    const scanner = t.app.get(NoticeScanService);
    expect((await scanner.scan()).dueSoon).toBe(1);

    const { recordId, copies } = await createTitle(t, {
      institutionId: desk.institutionId,
      title: 'Nỗi buồn chiến tranh',
    });
    await checkout(t, desk, other.cardNumber, copies[0].barcode).expect(201);
    await t
      .http()
      .post('/me/holds')
      .set(auth(hoa.token))
      .send({ recordId, pickupInstitutionId: desk.institutionId })
      .expect(201);
    await checkin(t, desk, copies[0].barcode).expect(200);

    const [due] = await eventually(() => mails(hoa.email, DUE_SOON).length && mails(hoa.email, DUE_SOON));
    expect(due.envelopeTo).toEqual([hoa.email]);
    expect(due.envelopeFrom).toBe('thong-bao@thuvien.meovac.example');
    expect(due.from).toEqual({ name: 'Thư viện huyện Mèo Vạc', address: 'thong-bao@thuvien.meovac.example' });
    expect(due.text).toMatch(/^Chào Trịnh Thị Hoa,\n\n/);
    expect(due.text).toContain(
      `Tài liệu “${TRICKY}” (mã vạch ${loan.barcode}) cần trả trước ngày ${ddmmyyyy(loan.dueDay)}.`,
    );
    expect(due.text).toContain(`Item “${TRICKY}” (barcode ${loan.barcode}) is due by ${ddmmyyyy(loan.dueDay)}.`);
    expect(due.text.indexOf('Tài liệu')).toBeLessThan(due.text.indexOf('Item '));
    expect(due.raw).toMatch(/charset=utf-8/i);
    // The HTML alternative says the same, escaped; the text part stays.
    const html = due.parsed.html as string;
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain(
      `<p>Tài liệu “${TRICKY_HTML}” (mã vạch ${loan.barcode}) cần trả trước ngày ${ddmmyyyy(loan.dueDay)}.</p>`,
    );
    expect(html).toContain(
      `<p>Item “${TRICKY_HTML}” (barcode ${loan.barcode}) is due by ${ddmmyyyy(loan.dueDay)}.</p>`,
    );
    expect(html).toContain('<p>Chào Trịnh Thị Hoa,</p>');
    expect(html).not.toContain('<Mẹ>');
    expect(due.raw).toMatch(/multipart\/alternative/i);

    const [ready] = await eventually(() => mails(hoa.email, HOLD_READY).length && mails(hoa.email, HOLD_READY));
    expect(ready.text).toContain(
      `Tài liệu “Nỗi buồn chiến tranh” (mã vạch ${copies[0].barcode}) đang được giữ cho bạn đến hết ngày`,
    );
    expect(ready.text).toContain(`Item “Nỗi buồn chiến tranh” (barcode ${copies[0].barcode}) is being held for you`);
    expect(ready.parsed.html).toContain(
      `<p>Tài liệu “Nỗi buồn chiến tranh” (mã vạch ${copies[0].barcode}) đang được giữ`,
    );
    expect(ready.text).toBe(ready.text.normalize('NFC'));

    // Rescans (also concurrent ones) find nothing new, and nothing is sent again.
    await Promise.all([scanner.scan(), scanner.scan()]);
    await new Promise((r) => setTimeout(r, 500));
    expect(mails(hoa.email, DUE_SOON)).toHaveLength(1);
    expect(mails(hoa.email, HOLD_READY)).toHaveLength(1);
    const feed = await t.http().get('/me/notices').set(auth(hoa.token)).expect(200);
    const items = feed.body.items.filter((n: { module: string }) => n.module === 'circulation');
    expect(items.map((n: { kind: string }) => n.kind).sort()).toEqual(['due_soon', 'hold_ready']);
    expect(items.every((n: { sentAt: string | null }) => n.sentAt !== null)).toBe(true);
    // The patron's own feed names the titles too (the same text as the e-mail), in both languages.
    const byKind = Object.fromEntries(items.map((n: { kind: string }) => [n.kind, n])) as Record<
      string,
      { bodyVi: string; params: Record<string, string> }
    >;
    expect(byKind.due_soon.bodyVi).toBe(
      `Tài liệu “${TRICKY}” (mã vạch ${loan.barcode}) cần trả trước ngày ${ddmmyyyy(loan.dueDay)}.`,
    );
    expect(byKind.due_soon.params).toMatchObject({ title: TRICKY, barcode: loan.barcode });
    expect((byKind.due_soon as unknown as { bodyEn: string }).bodyEn).toBe(
      `Item “${TRICKY}” (barcode ${loan.barcode}) is due by ${ddmmyyyy(loan.dueDay)}.`,
    );
    expect(byKind.hold_ready.bodyVi).toContain('“Nỗi buồn chiến tranh”');
    expect(byKind.hold_ready.params).toMatchObject({ title: 'Nỗi buồn chiến tranh', barcode: copies[0].barcode });
  });

  it('names each copy by its title in a scan of several events at once (overdue and hold expiring)', async () => {
    const titles = ['Đất rừng phương Nam', 'Dế Mèn phiêu lưu ký', 'Tuổi thơ dữ dội'];
    const loans: Awaited<ReturnType<typeof lend>>[] = [];
    for (const title of titles) loans.push(await lend(other.cardNumber, title, 17)); // due 3 days ago
    const { recordId, copies } = await createTitle(t, { institutionId: desk.institutionId, title: 'Số đỏ' });
    // Lent, held and returned (trapped for the hold) three days ago: the pickup deadline is the end of today, within
    // the warning window.
    const hold = await t.clock.at(daysAgo(3), async () => {
      await checkout(t, desk, hoa.cardNumber, copies[0].barcode).expect(201);
      const placed = await t
        .http()
        .post('/me/holds')
        .set(auth(other.token))
        .send({ recordId, pickupInstitutionId: desk.institutionId })
        .expect(201);
      await checkin(t, desk, copies[0].barcode).expect(200);
      return placed;
    });
    const ready = (await t.http().get('/me/holds').set(auth(other.token)).expect(200)).body.items;
    expect(ready.map((h: { id: string; pickupBy: string }) => [h.id, h.pickupBy])).toEqual([
      [hold.body.hold.id, vietnamDate(new Date())],
    ]);

    expect(await t.app.get(NoticeScanService).scan()).toMatchObject({ overdue: 3, holdExpiring: 1 });
    const overdue = await eventually(() => mails(other.email, OVERDUE).length === 3 && mails(other.email, OVERDUE));
    for (const [i, title] of titles.entries()) {
      const m = overdue.find((x) => x.text.includes(`(mã vạch ${loans[i].barcode})`))!;
      expect(m.text).toContain(`Tài liệu “${title}” (mã vạch ${loans[i].barcode}) đã quá hạn trả`);
      expect(m.parsed.html).toContain(`Item “${title}” (barcode ${loans[i].barcode}) has been overdue`);
    }
    const [expiring] = await eventually(
      () => mails(other.email, HOLD_EXPIRING).length && mails(other.email, HOLD_EXPIRING),
    );
    expect(expiring.text).toContain(
      `Tài liệu “Số đỏ” (mã vạch ${copies[0].barcode}) chỉ được giữ cho bạn đến hết ngày`,
    );
  });

  it('gives a patron without an e-mail address the notice in the feed only', async () => {
    const staff = (await t.app.get(AccountsService, { strict: false }).principal(desk.staff.accountId))!;
    const patron = await t.app.get(PatronsService, { strict: false }).registerAtDesk(staff, {
      fullName: 'Giàng Thị Mỷ',
      birthDate: '1970-02-14',
      category: 'adult',
      homeInstitutionId: desk.institutionId,
      email: null,
    });
    const loan = await lend(patron.cardNumber!);
    expect((await t.app.get(NoticeScanService).scan()).dueSoon).toBe(1);
    const token = await tokenFor(t, patron.accountId);
    // The worker handles its delivery: no address, so the feed is the only channel and nothing is stamped sent.
    await eventually(() =>
      t.app
        .get(NoticeRecorder)
        .forPatron(patron.id, 'circulation.due_soon')
        .some((n) => n.channel === 'feed'),
    );
    const feed = await t.http().get('/me/notices').set(auth(token)).expect(200);
    const notice = feed.body.items.find((n: { kind: string }) => n.kind === 'due_soon');
    expect(notice).toMatchObject({ template: 'circulation.due_soon', sentAt: null, readAt: null });
    expect(notice.bodyVi).toContain(loan.barcode);
    expect(smtp.received.filter((m) => m.text.includes(loan.barcode))).toEqual([]);
  });

  it('retries a temporarily refused e-mail without resending the others of its batch; gives up on a refused address', async () => {
    const [late, onTime, gone] = await Promise.all([
      createPatron(t, { institutionId: desk.institutionId, email: 'tam-thoi@thu.example', fullName: 'Lò Văn Tạm' }),
      createPatron(t, { institutionId: desk.institutionId, fullName: 'Vừ Thị Đúng' }),
      createPatron(t, {
        institutionId: desk.institutionId,
        email: 'khong-ton-tai@thu.example',
        fullName: 'Sùng A Mất',
      }),
    ]);
    const loans = [await lend(late.cardNumber), await lend(onTime.cardNumber), await lend(gone.cardNumber)];
    // Their "card issued" e-mails first, so the refusal below falls on the notice.
    await eventually(() => mails(late.email, CARD_ISSUED).length && mails(onTime.email, CARD_ISSUED).length);
    refuseOnce.add(late.email);
    // One scan, one transaction: the three notices reach the relay in one batch.
    expect((await t.app.get(NoticeScanService).scan()).dueSoon).toBe(3);

    await eventually(() => mails(late.email, DUE_SOON).length);
    expect(refusals).toEqual([late.email]);
    await new Promise((r) => setTimeout(r, 500));
    expect(mails(late.email, DUE_SOON)).toHaveLength(1);
    expect(mails(onTime.email, DUE_SOON)).toHaveLength(1);
    expect(mails(gone.email, DUE_SOON)).toHaveLength(0);

    const rows: {
      dedupe_key: string;
      attempts: number;
      processed: boolean;
      last_error: string | null;
      sent: boolean;
    }[] = await ds.query(
      `SELECT o.dedupe_key, o.attempts, o.processed_at IS NOT NULL AS processed, o.last_error, n.sent_at IS NOT NULL AS sent
       FROM platform.outbox o JOIN notices.notices n ON n.dedupe_key = o.dedupe_key
       WHERE o.topic = 'notices.deliver' AND o.dedupe_key = ANY($1) ORDER BY o.id`,
      [loans.map((l) => `circulation:due_soon:${l.loanId}:${l.dueDay}`)],
    );
    // The batch failed once (because of the 451) and was retried; all three rows are done.
    expect(rows.map((r) => ({ attempts: r.attempts, processed: r.processed }))).toEqual([
      { attempts: 1, processed: true },
      { attempts: 1, processed: true },
      { attempts: 1, processed: true },
    ]);
    // In the order of the loans (all three are due the same day, so the scan's order among them is the loans' ids').
    const of = (l: (typeof loans)[number]) =>
      rows.find((r) => r.dedupe_key === `circulation:due_soon:${l.loanId}:${l.dueDay}`)!;
    expect(loans.map((l) => of(l).sent)).toEqual([true, true, false]);
    // The stored error names the notice, not the patron's address.
    expect(of(loans[0]).last_error).toMatch(/451|Try again/);
    expect(rows.map((r) => r.last_error ?? '').join(' ')).not.toContain('@');
  });
});
