import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock, JURISDICTION_DIRECTORY, type JurisdictionDirectory } from '@suotdoi/platform';
import { vietnamInstant } from '../common/time.js';
import { EventsErrors } from '../events.errors.js';
import {
  PROGRAMME_COLUMNS,
  SESSION_COLUMNS,
  SESSION_FROM,
  type ProgrammeRow,
  type SessionRow,
} from '../programmes/programmes.service.js';

export interface ListingFilter {
  unitId?: string;
  institutionId?: string;
  category?: string;
  audience?: string;
  from?: string;
  to?: string;
  q?: string;
  limit: number;
  offset: number;
}

export interface ListedSession extends SessionRow {
  category: string;
  audiences: string[];
  description: string | null;
  registration: string;
  institutionName: string;
}

/** What anyone may see: scheduled sessions, their programmes and where they are held. */
@Injectable()
export class ListingService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
    private readonly clock: Clock,
  ) {}

  private async names(rows: (SessionRow & { institutionName?: string })[]): Promise<void> {
    const ids = [...new Set(rows.map((r) => r.institutionId))];
    const names = new Map((await this.directory.describeInstitutions(ids)).map((i) => [i.id, i.name]));
    for (const r of rows) r.institutionName = names.get(r.institutionId) ?? '';
  }

  /**
   * Upcoming sessions (from now, or `from`) filtered by unit (and everything under it), institution, category,
   * audience and text (Vietnamese folded: "van hoa doc" finds "văn hóa đọc"), soonest first.
   */
  async upcoming(f: ListingFilter): Promise<{ items: ListedSession[]; total: number }> {
    const institutions = f.unitId ? await this.directory.institutionsUnder([f.unitId]) : null;
    const from = f.from ? vietnamInstant(f.from) : this.clock.now();
    const to = f.to ? vietnamInstant(f.to) : null;
    const words = (f.q ?? '').normalize('NFC').trim();
    const where = `s.status = 'scheduled' AND s.ends_at > $1 AND ($2::timestamptz IS NULL OR s.starts_at < $2)
      AND ($3::uuid[] IS NULL OR s.institution_id = ANY($3)) AND ($4::uuid IS NULL OR s.institution_id = $4)
      AND ($5::text IS NULL OR p.category = $5) AND ($6::text IS NULL OR $6 = ANY(p.audiences))
      AND ($7::text = '' OR p.search_text LIKE '%' || platform.fold_vi($7) || '%')`;
    const params = [from, to, institutions, f.institutionId ?? null, f.category ?? null, f.audience ?? null, words];
    const items: ListedSession[] = await this.ds.query(
      `SELECT ${SESSION_COLUMNS}, p.category, p.audiences, p.description, p.registration FROM ${SESSION_FROM} WHERE ${where}
       ORDER BY s.starts_at, s.id LIMIT $8 OFFSET $9`,
      [...params, f.limit, f.offset],
    );
    const [{ n }]: { n: number }[] = await this.ds.query(
      `SELECT count(*)::int AS n FROM ${SESSION_FROM} WHERE ${where}`,
      params,
    );
    await this.names(items);
    return { items, total: n };
  }

  /** The data of an event page: the session, its programme, the institution's name and the other sessions. */
  async page(
    sessionId: string,
  ): Promise<{ session: SessionRow & { institutionName: string }; programme: ProgrammeRow; others: SessionRow[] }> {
    const [session]: (SessionRow & { institutionName: string })[] = await this.ds.query(
      `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = $1`,
      [sessionId],
    );
    if (!session) throw EventsErrors.sessionNotFound({ sessionId });
    const [programme]: ProgrammeRow[] = await this.ds.query(
      `SELECT ${PROGRAMME_COLUMNS} FROM events.programmes p WHERE p.id = $1`,
      [session.programmeId],
    );
    const others: SessionRow[] = await this.ds.query(
      `SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.programme_id = $1 AND s.id <> $2 ORDER BY s.starts_at`,
      [session.programmeId, sessionId],
    );
    await this.names([session]);
    return { session, programme, others };
  }

  /** An institution's sessions from 30 days ago to a year ahead, for its public iCalendar feed. */
  async feed(
    institutionId: string,
  ): Promise<{ name: string; sessions: (SessionRow & { description: string | null })[] }> {
    const [inst] = await this.directory.describeInstitutions([institutionId]);
    if (!inst) throw EventsErrors.institutionNotFound({ institutionId });
    const sessions = await this.ds.query(
      `SELECT ${SESSION_COLUMNS}, p.description FROM ${SESSION_FROM} WHERE s.institution_id = $1 AND s.starts_at > now() - interval '30 days' AND s.starts_at < now() + interval '1 year' ORDER BY s.starts_at LIMIT 2000`,
      [institutionId],
    );
    return { name: inst.name, sessions };
  }
}
