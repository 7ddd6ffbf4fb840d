import { describe, expect, it } from '@jest/globals';
import { noticeEmail } from '../delivery/notice-email.js';
import {
  defineNoticeTemplates,
  fillNotice,
  noticeTemplate,
  noticeValue,
  renderNotice,
  template,
} from './notice-template.js';

const T = defineNoticeTemplates('templatespec', {
  reminder: template<{ programme: string; startsAt: string; day: string; room?: string }>({
    subject: { vi: 'Nhắc lịch: {programme}', en: 'Reminder: {programme}' },
    body: {
      vi: '“{programme}” bắt đầu lúc {startsAt} ngày {day}{room}.',
      en: '“{programme}” starts at {startsAt} on {day}{room}.',
    },
    asWritten: ['programme'],
  }),
  computed: template<{ n: string }>({
    subject: { vi: (p) => `Có ${p.n} tài liệu`, en: (p) => `${p.n} items` },
    body: { vi: 'Xem danh sách.', en: 'See the list.' },
    anonymous: { vi: 'bạn đọc' },
  }),
});

describe('notice templates', () => {
  it('are registered under module.name, once', () => {
    expect(T.reminder.key).toBe('templatespec.reminder');
    expect(noticeTemplate('templatespec.reminder')).toBe(T.reminder);
    expect(() => defineNoticeTemplates('templatespec', { reminder: T.reminder })).toThrow('defined twice');
    expect(() => defineNoticeTemplates('Sai-Tên', { x: T.reminder })).toThrow('module.name');
  });

  it('write days as dd/mm/yyyy and instants in Vietnam time, names as written, and fill in one pass', () => {
    const r = renderNotice(T.reminder, {
      programme: 'Ngày 2026-04-21 {day}',
      startsAt: '2026-04-20T17:30:00.000Z',
      day: '2026-04-21',
    });
    // 17:30 UTC is half past midnight the next day in Hà Nội; the programme name keeps its date and braces.
    expect(r.bodyVi).toBe('“Ngày 2026-04-21 {day}” bắt đầu lúc 00:30 21/04/2026 ngày 21/04/2026{room}.');
    expect(r.subjectEn).toBe('Reminder: Ngày 2026-04-21 {day}');
    expect(noticeValue('2026-13-45T99:00Z')).toBe('2026-13-45T99:00Z');
    expect(fillNotice('{a}{b}', { a: '{b}', b: 'x' })).toBe('{b}x');
  });

  it('render NFC whatever the params came in', () => {
    const r = renderNotice(T.reminder, {
      programme: 'Câu lạc bộ đọc sách Đắk Lắk'.normalize('NFD'),
      startsAt: 'x',
      day: 'y',
    });
    expect(r.bodyVi).toBe(r.bodyVi.normalize('NFC'));
    expect(r.bodyVi).toContain('Câu lạc bộ đọc sách Đắk Lắk');
    expect(renderNotice(T.computed, { n: '3' })).toEqual({
      subjectVi: 'Có 3 tài liệu',
      subjectEn: '3 items',
      bodyVi: 'Xem danh sách.',
      bodyEn: 'See the list.',
    });
  });

  it('make an e-mail: greeting by name (or the template’s word), Vietnamese first, escaped HTML, feed line only for feed notices', () => {
    const r = renderNotice(T.computed, { n: '2' });
    const named = noticeEmail(r, T.computed, { email: 'a@thu.example', name: 'Lò <Thị> Đào', inFeed: true });
    expect(named.subject).toBe('Có 2 tài liệu / 2 items');
    expect(named.text).toMatch(/^Chào Lò <Thị> Đào,\n\nXem danh sách\.\n\nBạn cũng xem được thông báo này/);
    expect(named.text.indexOf('Chào')).toBeLessThan(named.text.indexOf('Hello'));
    expect(named.html).toContain('<p>Chào Lò &lt;Thị&gt; Đào,</p>');
    const anonymous = noticeEmail(r, T.computed, { email: 'a@thu.example', name: null, inFeed: false });
    expect(anonymous.text).toMatch(/^Chào bạn đọc,\n\nXem danh sách\.\n\n—/);
    expect(anonymous.text).toContain('\nHello,\n');
  });
});
