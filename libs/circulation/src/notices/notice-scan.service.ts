import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock, vietnamDate } from '@suotdoi/platform';
import { addDays } from '../dates.js';
import { TITLE_DIRECTORY, type TitleDirectory } from '../ports/ports.js';
import { PatronNotices } from './patron-notices.js';

/** Days before the due day that the "due soon" notice goes out. */
export const DUE_SOON_DAYS = 2;
/** Hours before a ready hold's deadline that the "about to expire" notice goes out. */
export const HOLD_EXPIRING_HOURS = 24;

type Counts = { dueSoon: number; overdue: number; holdExpiring: number; eLoanEnding: number };
// Keyset cursors carry the timestamp as PostgreSQL's text (microseconds), not a JS Date (milliseconds).
type Cursor = { at: string; id: string };
const START: Cursor = { at: '-infinity', id: '00000000-0000-0000-0000-000000000000' };

/**
 * Finds loans and holds that deserve a notice and records one per event through the notices service. The dedupe key
 * names the event (the loan and its due day; the hold and its deadline), so a rerun — or a second worker — sends
 * nothing twice, while a renewed loan gets fresh notices for its new due day. Candidates are read in pages (keyset
 * order), the events that already have their notice are asked of the notices service for the whole page, and titles
 * are looked up for the whole page at once (one query for the copies, one for the e-books).
 */
@Injectable()
export class NoticeScanService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly notices: PatronNotices,
    private readonly clock: Clock,
    @Inject(TITLE_DIRECTORY) private readonly titles: TitleDirectory,
  ) {}

  /** Record every notice due now; how many were new. `pageSize` candidates are read per transaction. */
  async scan(pageSize = 500): Promise<Counts> {
    const out: Counts = { dueSoon: 0, overdue: 0, holdExpiring: 0, eLoanEnding: 0 };
    const now = this.clock.now();
    for (let after: Cursor | undefined = START; after;)
      after = await this.ds.transaction((m) => this.loans(m, now, after!, pageSize, out));
    for (let after: Cursor | undefined = START; after;)
      after = await this.ds.transaction((m) => this.holds(m, now, after!, pageSize, out));
    for (let after: Cursor | undefined = START; after;)
      after = await this.ds.transaction((m) => this.eLoans(m, now, after!, pageSize, out));
    return out;
  }

  private async loans(
    m: EntityManager,
    now: Date,
    after: typeof START,
    limit: number,
    out: Counts,
  ): Promise<typeof START | undefined> {
    const soon = addDays(vietnamDate(now), DUE_SOON_DAYS);
    const loans: {
      id: string;
      patron_id: string;
      due_at: string;
      due_day: string;
      overdue: boolean;
      copy_id: string;
    }[] = await m.query(
      `SELECT l.id, l.patron_id, l.due_at::text AS due_at, to_char(l.due_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS due_day, l.due_at < $1 AS overdue, l.copy_id
       FROM circulation.loans l
       WHERE l.returned_at IS NULL AND l.patron_id IS NOT NULL AND l.due_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
         AND (l.due_at, l.id) > ($3::timestamptz, $4::uuid)
       ORDER BY l.due_at, l.id LIMIT $5`,
      [now, soon, after.at, after.id, limit],
    );
    const key = (l: (typeof loans)[number]) => `${l.overdue ? 'overdue' : 'due_soon'}:${l.id}:${l.due_day}`;
    const done = await this.notices.existing(loans.map(key), m);
    const todo = loans.filter((l) => !done.has(key(l)));
    const copies = new Map((await this.titles.copies({ ids: todo.map((l) => l.copy_id) }, m)).map((c) => [c.id, c]));
    for (const l of todo) {
      const kind = l.overdue ? 'overdue' : 'due_soon';
      if (
        await this.notices.notify(m, key(l), kind, l.patron_id, {
          dueDate: l.due_day,
          loanId: l.id,
          ...named(copies.get(l.copy_id)),
        })
      )
        out[l.overdue ? 'overdue' : 'dueSoon']++;
    }
    const last = loans.at(-1);
    return loans.length === limit && last ? { at: last.due_at, id: last.id } : undefined;
  }

  private async holds(
    m: EntityManager,
    now: Date,
    after: typeof START,
    limit: number,
    out: Counts,
  ): Promise<typeof START | undefined> {
    const holds: {
      id: string;
      patron_id: string;
      expires_at: string;
      pickup_by: string;
      key: string;
      copy_id: string | null;
    }[] = await m.query(
      `SELECT h.id, h.patron_id, h.expires_at::text AS expires_at, h.trapped_copy_id AS copy_id, to_char(h.expires_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') AS pickup_by,
              'hold_expiring:' || h.id || ':' || extract(epoch FROM h.expires_at)::bigint AS key
       FROM circulation.holds h
       WHERE h.status = 'ready' AND h.expires_at > $1 AND h.expires_at <= $1 + make_interval(hours => $2) AND (h.expires_at, h.id) > ($3::timestamptz, $4::uuid)
       ORDER BY h.expires_at, h.id LIMIT $5`,
      [now, HOLD_EXPIRING_HOURS, after.at, after.id, limit],
    );
    const done = await this.notices.existing(
      holds.map((h) => h.key),
      m,
    );
    const todo = holds.filter((h) => !done.has(h.key));
    const copies = new Map(
      (await this.titles.copies({ ids: todo.flatMap((h) => (h.copy_id ? [h.copy_id] : [])) }, m)).map((c) => [c.id, c]),
    );
    for (const h of todo) {
      if (
        await this.notices.notify(m, h.key, 'hold_expiring', h.patron_id, {
          pickupBy: h.pickup_by,
          holdId: h.id,
          ...named(h.copy_id ? copies.get(h.copy_id) : undefined),
        })
      )
        out.holdExpiring++;
    }
    const last = holds.at(-1);
    return holds.length === limit && last ? { at: last.expires_at, id: last.id } : undefined;
  }

  private async eLoans(
    m: EntityManager,
    now: Date,
    after: typeof START,
    limit: number,
    out: Counts,
  ): Promise<typeof START | undefined> {
    const eLoans: { id: string; patron_id: string; ends_at: string; ends_at_iso: Date; resource_id: string }[] =
      await m.query(
        `SELECT e.id, e.patron_id, e.ends_at::text AS ends_at, e.ends_at AS ends_at_iso, e.resource_id FROM circulation.e_loans e
       WHERE e.returned_at IS NULL AND e.ends_at > $1 AND e.ends_at <= $1 + make_interval(hours => $2) AND (e.ends_at, e.id) > ($3::timestamptz, $4::uuid)
       ORDER BY e.ends_at, e.id LIMIT $5`,
        [now, HOLD_EXPIRING_HOURS, after.at, after.id, limit],
      );
    const done = await this.notices.existing(
      eLoans.map((e) => `eloan_ending:${e.id}`),
      m,
    );
    const todo = eLoans.filter((e) => !done.has(`eloan_ending:${e.id}`));
    const resources = new Map(
      (
        await this.titles.resources(
          todo.map((e) => e.resource_id),
          m,
        )
      ).map((r) => [r.id, r]),
    );
    for (const e of todo) {
      const title = resources.get(e.resource_id)?.title;
      const params = {
        endsAt: new Date(e.ends_at_iso).toISOString(),
        eLoanId: e.id,
        resourceId: e.resource_id,
        ...(title ? { title } : {}),
      };
      if (await this.notices.notify(m, `eloan_ending:${e.id}`, 'eloan_ending', e.patron_id, params)) out.eLoanEnding++;
    }
    const last = eLoans.at(-1);
    return eLoans.length === limit && last ? { at: last.ends_at, id: last.id } : undefined;
  }
}

// A copy gone from the catalogue is named by what is left: the notice still goes out.
const named = (c: { title: string; barcode: string } | undefined): { title?: string; barcode: string } =>
  c ? { title: c.title, barcode: c.barcode } : { barcode: '' };
