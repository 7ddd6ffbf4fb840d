import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import QRCode from 'qrcode';

export interface CalendarEntry {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  where: string | null;
  description?: string | null;
  status?: 'scheduled' | 'held' | 'cancelled';
  url?: string;
}

/** An iCalendar (RFC 5545) document of sessions, in Asia/Ho_Chi_Minh, for calendar apps and e-mail attachments. */
export function icsOf(name: string, entries: CalendarEntry[], opts: { method?: 'publish' | 'request' } = {}): string {
  const cal = ical({
    name,
    prodId: { company: 'Suốt Đời', product: 'events', language: 'VI' },
    timezone: 'Asia/Ho_Chi_Minh',
  });
  if (opts.method === 'request') cal.method(ICalCalendarMethod.REQUEST);
  for (const e of entries) {
    cal.createEvent({
      id: `${e.id}@suotdoi`,
      start: e.startsAt,
      end: e.endsAt,
      summary: e.title,
      location: e.where ?? undefined,
      description: e.description ?? undefined,
      url: e.url,
      status: e.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return cal.toString();
}

/** The ticket's QR code (the registration code), as an SVG image. */
export function qrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/** The ticket's QR code as a PNG data: URL (for the HTML part of an e-mail). */
export function qrDataUrl(code: string): Promise<string> {
  return QRCode.toDataURL(code, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/** The ticket's QR code as a PNG (an e-mail attachment). */
export function qrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}
