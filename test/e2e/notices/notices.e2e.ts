import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { defineNoticeTemplates, NoticeRecorder, NoticesService, template } from '@suotdoi/notices';
import { bootTestApp, eventually, type TestApp } from '../../support/app.js';
import { auth, createInstitution, createPatron, createStaff, type FixturePatron } from '../../support/fixtures.js';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp.js';

// The one notices service: a module's templates, a notice recorded in the caller's transaction (feed row + outbox),
// delivered once by e-mail (text, HTML and an iCalendar attachment) through a real SMTP server; guests without an
// account; the feed with read/unread, owner-only.

const TestNotices = defineNoticeTemplates('noticestest', {
  confirmed: template<{ programme: string; startsAt: string; day: string; code: string }>({
    subject: { vi: 'Đăng ký thành công: {programme}', en: 'Registration confirmed: {programme}' },
    body: {
      vi: 'Bạn đã đăng ký “{programme}” lúc {startsAt} (ngày {day}). Mã đăng ký: {code}.',
      en: 'You are registered for “{programme}” at {startsAt} (day {day}). Registration code: {code}.',
    },
    asWritten: ['programme', 'code'],
  }),
});

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Suot Doi//test//VI',
  'BEGIN:VEVENT',
  'UID:ngay-sach-2026@suotdoi.example',
  'DTSTART:20260421T020000Z',
  'SUMMARY:Ngày Sách và Văn hóa đọc Việt Nam',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');
const PROGRAMME = 'Ngày Sách & Văn hóa đọc <Việt Nam> 2026';

describe('notices service', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let ds: DataSource;
  let notices: NoticesService;
  let dao: FixturePatron;
  let duc: FixturePatron;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await bootTestApp({
      worker: true,
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Thư viện tỉnh Hà Giang <thong-bao@thuvien.hagiang.example>' },
    });
    ds = t.app.get(DataSource);
    notices = t.app.get(NoticesService);
    const { institutionId } = await createInstitution(t);
    [dao, duc] = await Promise.all([
      createPatron(t, { institutionId, fullName: 'Nguyễn Thị Hồng Đào'.normalize('NFD') }),
      createPatron(t, { institutionId, fullName: 'Trần Minh Đức' }),
    ]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const confirmed = (to: Parameters<NoticesService['notify']>[1]['to'], key: string, attachments = true) =>
    ds.transaction((m) =>
      notices.notify(m, {
        to,
        template: TestNotices.confirmed,
        params: {
          programme: PROGRAMME.normalize('NFD'),
          startsAt: '2026-04-21T02:00:00.000Z',
          day: '2026-04-21',
          code: 'ĐK-0042',
        },
        dedupeKey: key,
        attachments: attachments
          ? [{ name: 'ngay-sach-2026.ics', contentType: 'text/calendar; charset=utf-8; method=PUBLISH', content: ICS }]
          : [],
      }),
    );

  it('records a feed row in the caller’s transaction and e-mails it once, Vietnamese then English, with the attachment', async () => {
    const id = await confirmed({ patronId: dao.patronId }, 'confirmed:dao');
    expect(id).toEqual(expect.any(String));
    // The same event again: nothing new.
    expect(await confirmed({ patronId: dao.patronId }, 'confirmed:dao')).toBeUndefined();
    const subject = `Đăng ký thành công: ${PROGRAMME} / Registration confirmed: ${PROGRAMME}`;
    const [m] = await eventually(
      () =>
        smtp.to(dao.email).filter((x) => x.subject === subject).length &&
        smtp.to(dao.email).filter((x) => x.subject === subject),
    );
    expect(m.text).toMatch(
      /^Chào Nguyễn Thị Hồng Đào,\n\nBạn đã đăng ký “Ngày Sách & Văn hóa đọc <Việt Nam> 2026” lúc 09:00 21\/04\/2026 \(ngày 21\/04\/2026\)\. Mã đăng ký: ĐK-0042\./,
    );
    expect(m.text).toContain(
      'Hello Nguyễn Thị Hồng Đào,\n\nYou are registered for “Ngày Sách & Văn hóa đọc <Việt Nam> 2026” at 09:00 21/04/2026',
    );
    expect(m.text.indexOf('Chào')).toBeLessThan(m.text.indexOf('Hello'));
    expect(m.parsed.html).toContain(
      '<p>Bạn đã đăng ký “Ngày Sách &amp; Văn hóa đọc &lt;Việt Nam&gt; 2026” lúc 09:00 21/04/2026',
    );
    expect(m.parsed.html).not.toContain('<Việt Nam>');
    expect(
      m.parsed.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content.toString('utf8'),
      })),
    ).toEqual([{ filename: 'ngay-sach-2026.ics', contentType: 'text/calendar', content: ICS }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.to(dao.email).filter((x) => x.subject === subject)).toHaveLength(1);

    const feed = await t.http().get('/me/notices').set(auth(dao.token)).expect(200);
    const mine = feed.body.items.find((n: { id: string }) => n.id === id);
    expect(mine).toMatchObject({
      template: 'noticestest.confirmed',
      module: 'noticestest',
      kind: 'confirmed',
      subjectVi: `Đăng ký thành công: ${PROGRAMME}`,
      subjectEn: `Registration confirmed: ${PROGRAMME}`,
      params: { programme: PROGRAMME, code: 'ĐK-0042' },
      attachments: [
        {
          name: 'ngay-sach-2026.ics',
          contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
          size: Buffer.byteLength(ICS),
        },
      ],
      readAt: null,
    });
    expect(mine.sentAt).not.toBeNull();
    expect(mine.bodyVi).toBe(mine.bodyVi.normalize('NFC'));
    expect(feed.body).toMatchObject({ limit: 20, offset: 0 });
    expect(feed.body.total).toBe(feed.body.items.length);
  });

  it('leaves nothing when the caller’s transaction rolls back', async () => {
    await expect(
      ds.transaction(async (m) => {
        await notices.notify(m, {
          to: { patronId: duc.patronId },
          template: TestNotices.confirmed,
          params: { programme: 'Hủy', startsAt: '2026-04-21T02:00:00Z', day: '2026-04-21', code: 'X' },
          dedupeKey: 'rolled-back',
        });
        throw new Error('the registration failed');
      }),
    ).rejects.toThrow('the registration failed');
    expect(await ds.query(`SELECT 1 FROM notices.notices WHERE dedupe_key = 'noticestest:rolled-back'`)).toEqual([]);
    expect(await ds.query(`SELECT 1 FROM platform.outbox WHERE dedupe_key = 'noticestest:rolled-back'`)).toEqual([]);
  });

  it('marks read only the caller’s own notices: anyone else’s, or a made-up id, is 404', async () => {
    const id = (await confirmed({ patronId: duc.patronId }, 'confirmed:duc', false))!;
    const before = await t.http().get('/me/notices').set(auth(duc.token)).expect(200);
    expect(before.body.unread).toBe(2);
    for (const token of [
      dao.token,
      (await createStaff(t, { institutionId: (await createInstitution(t)).institutionId, roles: ['manager'] })).token,
    ]) {
      const r = await t.http().post(`/me/notices/${id}/read`).set(auth(token)).expect(404);
      expect(r.body).toMatchObject({ code: 'notices/notice_not_found', messageVi: 'Không tìm thấy thông báo.' });
    }
    await t.http().post(`/me/notices/00000000-0000-4000-8000-000000000000/read`).set(auth(duc.token)).expect(404);
    await t.http().post(`/me/notices/khong-phai-uuid/read`).set(auth(duc.token)).expect(404);
    await t.http().post(`/me/notices/${id}/read`).expect(401);
    const read = await t.http().post(`/me/notices/${id}/read`).set(auth(duc.token)).expect(200);
    expect(read.body.readAt).not.toBeNull();
    // Again: unchanged.
    expect((await t.http().post(`/me/notices/${id}/read`).set(auth(duc.token)).expect(200)).body.readAt).toBe(
      read.body.readAt,
    );
    const all = await t.http().post('/me/notices/read').set(auth(duc.token)).expect(200);
    expect(all.body.marked).toBe(before.body.unread - 1);
    expect((await t.http().get('/me/notices').set(auth(duc.token)).expect(200)).body.unread).toBe(0);
    // Đào's notices are untouched.
    expect((await t.http().get('/me/notices').set(auth(dao.token)).expect(200)).body.unread).toBe(2);
  });

  it('e-mails a guest without an account (no feed), and logs an SMS for one who left only a phone number', async () => {
    await confirmed({ guest: { name: 'Lý Thị Mai', email: 'ly.thi.mai@khach.example' } }, 'confirmed:guest-mail');
    const [m] = await eventually(
      () => smtp.to('ly.thi.mai@khach.example').length && smtp.to('ly.thi.mai@khach.example'),
    );
    expect(m.text).toMatch(/^Chào Lý Thị Mai,/);
    expect(m.text).not.toContain('mục Thông báo');
    await confirmed({ guest: { name: 'Hoàng Văn Sơn', phone: '0912 345 678' } }, 'confirmed:guest-sms', false);
    const sms = await eventually(() => t.app.get(NoticeRecorder).lastTo('0912 345 678', 'noticestest.confirmed'));
    expect(sms).toMatchObject({ channel: 'sms', patronId: null });
    expect(sms.bodyVi).toContain('Mã đăng ký: ĐK-0042');
    const rows: { in_feed: boolean }[] = await ds.query(
      `SELECT in_feed FROM notices.notices WHERE dedupe_key LIKE 'noticestest:confirmed:guest-%'`,
    );
    expect(rows).toEqual([{ in_feed: false }, { in_feed: false }]);
    // Erasing a guest takes their notices (name, address, number) with them, and nobody else's.
    expect(await ds.transaction((m) => notices.eraseGuest(m, { email: 'LY.THI.MAI@khach.example' }))).toBe(1);
    expect(await ds.transaction((m) => notices.eraseGuest(m, { phone: '0912 345 678' }))).toBe(1);
    expect(await ds.transaction((m) => notices.eraseGuest(m, {}))).toBe(0);
    expect(
      await ds.query(`SELECT 1 FROM notices.notices WHERE dedupe_key LIKE 'noticestest:confirmed:guest-%'`),
    ).toEqual([]);
    expect((await t.http().get('/me/notices').set(auth(dao.token)).expect(200)).body.total).toBe(2);
  });

  it('records a notice once under many concurrent notifies of the same event', async () => {
    const ids = await Promise.all(
      Array.from({ length: 20 }, () => confirmed({ patronId: duc.patronId }, 'confirmed:race', false)),
    );
    expect(ids.filter(Boolean)).toHaveLength(1);
    expect(
      await ds.query(`SELECT count(*)::int AS n FROM platform.outbox WHERE dedupe_key = 'noticestest:confirmed:race'`),
    ).toEqual([{ n: 1 }]);
  });
});
