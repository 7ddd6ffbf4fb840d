import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { JURISDICTION_DIRECTORY, type JurisdictionDirectory, type Principal } from '@suotdoi/platform';
import { EventsAccess } from '../access.js';
import { EventsErrors } from '../events.errors.js';
import { ProgrammesService, type ProgrammeRow, type SessionRow } from '../programmes/programmes.service.js';
import { OBLIGATIONS, TEMPLATES, type Obligation } from './obligations.js';

export interface ObligationEvidence {
  programmeId: string;
  title: string;
  sessionsHeld: number;
  firstHeldOn: string;
  attendance: number;
}

export interface InstitutionObligations {
  institutionId: string;
  name: string;
  type: string;
  obligations: { code: string; required: number; held: number; met: boolean; evidence: ObligationEvidence[] }[];
}

/** What was held, per institution, programme category and year: the evidence behind the plans' activity counts. */
@Injectable()
export class ObligationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
    private readonly access: EventsAccess,
    private readonly programmes: ProgrammesService,
  ) {}

  /** Programmes of `category` at these institutions with at least one session held in the year (and window). */
  async evidence(
    institutionIds: string[],
    year: number,
    o: Pick<Obligation, 'category' | 'window'>,
  ): Promise<(ObligationEvidence & { institutionId: string })[]> {
    const from = `${year}-${o.window?.from ?? '01-01'}`;
    const to = `${year}-${o.window?.to ?? '12-31'}`;
    return this.ds.query(
      `SELECT p.institution_id AS "institutionId", p.id AS "programmeId", p.title, count(*)::int AS "sessionsHeld",
              min((s.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date)::text AS "firstHeldOn",
              sum(greatest(coalesce(s.headcount, 0), s.attended + s.walk_ins) + s.online_attendees)::int AS attendance
       FROM events.programmes p JOIN events.sessions s ON s.programme_id = p.id
       WHERE p.institution_id = ANY($1::uuid[]) AND p.category = $2 AND s.status = 'held'
         AND (s.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date BETWEEN $3::date AND $4::date
       GROUP BY p.institution_id, p.id, p.title ORDER BY "firstHeldOn", p.title`,
      [institutionIds, o.category, from, to],
    );
  }

  /**
   * For plans' evidence rules: sessions held per institution and year (Vietnam time) of programmes in `categories`,
   * from `fromYear` to `toYear`, within each year's `window` (MM-DD, inclusive; the whole year when absent).
   */
  sessionsHeld(
    institutionIds: string[],
    categories: string[],
    fromYear: number,
    toYear: number,
    window?: { from: string; to: string },
  ): Promise<{ institutionId: string; year: number; sessions: number }[]> {
    return this.ds.query(
      `SELECT p.institution_id AS "institutionId", extract(year FROM d.day)::int AS year, count(*)::int AS sessions
       FROM events.programmes p JOIN events.sessions s ON s.programme_id = p.id
       CROSS JOIN LATERAL (SELECT (s.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day) d
       WHERE p.institution_id = ANY($1::uuid[]) AND p.category = ANY($2::text[]) AND s.status = 'held'
         AND d.day >= make_date($3::int, 1, 1) AND d.day < make_date($4::int + 1, 1, 1)
         AND to_char(d.day, 'MM-DD') BETWEEN $5 AND $6
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [institutionIds, categories, fromYear, toYear, window?.from ?? '01-01', window?.to ?? '12-31'],
    );
  }

  /**
   * For plans: how many programmes meeting an activity (by the plans' activity code) the institutions held in the
   * year, or null when events knows no such activity.
   */
  async activityCount(activityCode: string, institutionIds: string[], year: number): Promise<number | null> {
    const o = OBLIGATIONS.find((x) => x.activityCodes.includes(activityCode) || x.code === activityCode);
    if (!o) return null;
    return (await this.evidence(institutionIds, year, o)).length;
  }

  /** The checklist of a jurisdiction for a year: every institution in it (during that year), each obligation, the evidence. */
  async checklist(
    p: Principal,
    unitId: string,
    year: number,
  ): Promise<{ institutions: InstitutionObligations[]; summary: { code: string; met: number; of: number }[] }> {
    await this.access.assertAdministers(p, unitId);
    const asOf = new Date(`${year}-12-31T16:59:59Z`);
    const ids = await this.directory.institutionsUnder([unitId], asOf);
    const institutions = (await this.directory.describeInstitutions(ids, asOf)).sort((a, b) =>
      a.name.localeCompare(b.name, 'vi'),
    );
    const out: InstitutionObligations[] = institutions.map((i) => ({
      institutionId: i.id,
      name: i.name,
      type: i.type,
      obligations: [],
    }));
    const summary: { code: string; met: number; of: number }[] = [];
    for (const o of OBLIGATIONS) {
      const rows = await this.evidence(ids, year, o);
      let met = 0;
      for (const inst of out) {
        const evidence = rows
          .filter((r) => r.institutionId === inst.institutionId)
          .map(({ institutionId: _, ...e }) => e);
        const ok = evidence.length >= o.count;
        if (ok) met++;
        inst.obligations.push({ code: o.code, required: o.count, held: evidence.length, met: ok, evidence });
      }
      summary.push({ code: o.code, met, of: out.length });
    }
    return { institutions: out, summary };
  }

  /** Create a national day's programme and its sessions at an institution in one step. */
  async applyTemplate(
    p: Principal,
    key: string,
    input: { institutionId: string; year: number; roomId?: string; place?: string; capacity?: number },
  ): Promise<{ programme: ProgrammeRow; sessions: SessionRow[] }> {
    const t = TEMPLATES.find((x) => x.key === key);
    if (!t) throw EventsErrors.templateNotFound({ key });
    const day = `${input.year}-${t.day}`;
    return this.programmes.create(p, {
      institutionId: input.institutionId,
      title: t.titleVi.replace('{year}', String(input.year)),
      description: t.description,
      category: t.category,
      audiences: t.audiences,
      registration: input.capacity === undefined ? 'none' : 'session',
      template: t.key,
      schedule: {
        startsAt: `${day}T${t.from}`,
        endsAt: `${day}T${t.to}`,
        ...(t.days > 1 ? { rrule: `FREQ=DAILY;COUNT=${t.days}` } : {}),
        roomId: input.roomId,
        place: input.place ?? (input.roomId ? undefined : 'Tại cơ sở'),
        capacity: input.capacity,
      },
    });
  }
}
