import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock, vietnamDate } from '@suotdoi/platform';
import { addDays } from '../dates.js';
import { TITLE_DIRECTORY, type TitleDirectory } from '../ports/ports.js';
import { NoticesService } from './notices.service.js';

/** Days before the due day that the "due soon" notice goes out. */
export const DUE_SOON_DAYS = 2;
/** Hours before a ready hold's deadline that the "about to expire" notice goes out. */
export const HOLD_EXPIRING_HOURS = 24;

/**
 * Finds loans and holds that deserve a notice and records one per event. The dedupe key names the event (the loan
 * and its due day; the hold and its deadline), so a rerun — or a second worker — sends nothing twice, while a
 * renewed loan gets fresh notices for its new due day. Notices name copies and e-books by their titles, looked up
 * for the whole batch at once (one query for the copies, one for the e-books).
 */
@Injectable()
export class NoticeScanService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly notices: NoticesService,
    private readonly clock: Clock,
    @Inject(TITLE_DIRECTORY) private readonly titles: TitleDirectory,
  ) {}

  async scan(limit = 500): Promise<{ dueSoon: number; overdue: number; holdExpiring: number; eLoanEnding: number }> {
    const now = this.clock.now();
    const today = vietnamDate(now);
    const soon = addDays(today, DUE_SOON_DAYS);
    const out = { dueSoon: 0, overdue: 0, holdExpiring: 0, eLoanEnding: 0 };
    await this.ds.transaction(async (m) => {
      const loans: { id: string; patron_id: string; due_day: string; overdue: boolean; copy_id: string }[] = await m.query(
        `SELECT l.id, l.patron_id, to_char(l.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS due_day, l.due_at < $1 AS overdue, l.copy_id
         FROM circulation.loans l
         WHERE l.returned_at IS NULL AND l.due_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
           AND NOT EXISTS (SELECT 1 FROM circulation.notices n WHERE n.dedupe_key =
             (CASE WHEN l.due_at < $1 THEN 'overdue:' ELSE 'due_soon:' END) || l.id || ':' || to_char(l.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD'))
         ORDER BY l.due_at LIMIT $3`,
        [now, soon, limit],
      );
      const holds: { id: string; patron_id: string; pickup_by: string; key: string; copy_id: string | null }[] = await m.query(
        `SELECT h.id, h.patron_id, h.trapped_copy_id AS copy_id, to_char(h.expires_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS pickup_by,
                'hold_expiring:' || h.id || ':' || extract(epoch FROM h.expires_at)::bigint AS key
         FROM circulation.holds h
         WHERE h.status = 'ready' AND h.expires_at > $1 AND h.expires_at <= $1 + make_interval(hours => $2)
           AND NOT EXISTS (SELECT 1 FROM circulation.notices n WHERE n.dedupe_key = 'hold_expiring:' || h.id || ':' || extract(epoch FROM h.expires_at)::bigint)
         LIMIT $3`,
        [now, HOLD_EXPIRING_HOURS, limit],
      );
      const eLoans: { id: string; patron_id: string; ends_at: Date; resource_id: string }[] = await m.query(
        `SELECT e.id, e.patron_id, e.ends_at, e.resource_id FROM circulation.e_loans e
         WHERE e.returned_at IS NULL AND e.ends_at > $1 AND e.ends_at <= $1 + make_interval(hours => $2)
           AND NOT EXISTS (SELECT 1 FROM circulation.notices n WHERE n.dedupe_key = 'eloan_ending:' || e.id)
         LIMIT $3`,
        [now, HOLD_EXPIRING_HOURS, limit],
      );

      const copyIds = [...loans.map((l) => l.copy_id), ...holds.flatMap((h) => (h.copy_id ? [h.copy_id] : []))];
      const copies = new Map((await this.titles.copies({ ids: copyIds }, m)).map((c) => [c.id, c]));
      const resources = new Map((await this.titles.resources(eLoans.map((e) => e.resource_id), m)).map((r) => [r.id, r]));
      // A copy or e-book gone from the catalogue is named by what is left: the notice still goes out.
      const copy = (id: string | null): Record<string, string> => {
        const c = id ? copies.get(id) : undefined;
        return c ? { title: c.title, barcode: c.barcode } : { barcode: '' };
      };

      for (const l of loans) {
        const kind = l.overdue ? 'overdue' : 'due_soon';
        if (await this.notices.notify(m, `${kind}:${l.id}:${l.due_day}`, kind, l.patron_id, { dueDate: l.due_day, loanId: l.id, ...copy(l.copy_id) })) {
          out[l.overdue ? 'overdue' : 'dueSoon']++;
        }
      }
      for (const h of holds) {
        if (await this.notices.notify(m, h.key, 'hold_expiring', h.patron_id, { pickupBy: h.pickup_by, holdId: h.id, ...copy(h.copy_id) })) out.holdExpiring++;
      }
      for (const e of eLoans) {
        const title = resources.get(e.resource_id)?.title;
        const params = { endsAt: new Date(e.ends_at).toISOString(), eLoanId: e.id, resourceId: e.resource_id, ...(title ? { title } : {}) };
        if (await this.notices.notify(m, `eloan_ending:${e.id}`, 'eloan_ending', e.patron_id, params)) out.eLoanEnding++;
      }
    });
    return out;
  }
}
