import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AccountsService, PatronsService } from '@suotdoi/identity';
import {
  AppConfig,
  Clock,
  DemoSeeder,
  JURISDICTION_DIRECTORY,
  type JurisdictionDirectory,
  type Principal,
  type SeedReport,
  type Seeder,
} from '@suotdoi/platform';
import { ClubsService } from '../clubs/clubs.service.js';
import { ObligationsService } from '../obligations/obligations.service.js';
import { ProgrammesService } from '../programmes/programmes.service.js';
import { RegistrationsService } from '../registrations/registrations.service.js';

const SYSTEM: Principal = {
  accountId: '00000000-0000-0000-0000-000000000000',
  staff: [],
  adminUnitIds: [],
  systemAdmin: true,
};

/**
 * Demo events (order 45, after identity and circulation, before usage and plans): Book Day 2024, 2025 and 2026 at the
 * demo libraries (held, with attendance, so the plans count them), a reading club at the Hướng Hóa cultural centre
 * with members and weekly meetings, a museum education programme at Bảo tàng tỉnh Quảng Trị, and an upcoming
 * storytelling hour the demo patron is registered for. Everything goes through the module's services. Idempotent:
 * skipped once a demo Book Day programme exists.
 */
@Injectable()
@DemoSeeder(45)
export class EventsSeeder implements Seeder {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly programmes: ProgrammesService,
    private readonly registrations: RegistrationsService,
    private readonly obligations: ObligationsService,
    private readonly clubs: ClubsService,
    private readonly accounts: AccountsService,
    private readonly patrons: PatronsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(JURISDICTION_DIRECTORY) private readonly directory: JurisdictionDirectory,
  ) {}

  private async institutions(unitCodes: string[]): Promise<Map<string, string>> {
    const units = await Promise.all(unitCodes.map((c) => this.directory.unitByCode?.(c)));
    const ids = await this.directory.institutionsUnder(units.filter((u) => !!u).map((u) => u!.id));
    return new Map((await this.directory.describeInstitutions(ids)).map((i) => [i.code, i.id]));
  }

  /** Close the sessions already started, with a head count (open events) or walk-ins (booked ones). */
  private async hold(sessionIds: string[], people: (i: number) => number): Promise<number> {
    let held = 0;
    for (const [i, id] of sessionIds.entries()) {
      const s = (await this.programmes.session(id))!;
      if (s.startsAt > this.clock.now() || s.status !== 'scheduled') continue;
      await this.registrations.setHeadcount(SYSTEM, id, people(i));
      await this.registrations.close(SYSTEM, id);
      held++;
    }
    return held;
  }

  async seed(): Promise<SeedReport> {
    if (this.config.isProduction) return { summary: ['events: no demo events in production'] };
    const [{ n }]: { n: number }[] = await this.ds.query(
      `SELECT count(*)::int AS n FROM events.programmes WHERE template = 'book_day' AND created_by = $1`,
      [SYSTEM.accountId],
    );
    if (n > 0) return { summary: ['events: demo events already loaded'] };
    const codes = await this.institutions(['QT', 'KT', 'QNG', 'HD']);
    const libraries = ['QT-HH-TV', 'KT-DH-TV', 'HD-TK-TV-QN', 'QNG-TV'].filter((c) => codes.has(c));
    if (!libraries.length)
      return { summary: ['events: demo libraries missing (network demo data); events demo skipped'] };
    const summary: string[] = [];

    // Book Day 2024, 2025 and 2026 at each demo library (the plans' reports read 2024 and after), held, with the crowd counted at the door.
    let bookDays = 0;
    for (const code of libraries) {
      for (const year of [2024, 2025, 2026]) {
        const { programme, sessions } = await this.obligations.applyTemplate(SYSTEM, 'book_day', {
          institutionId: codes.get(code)!,
          year,
          place: 'Sân và phòng đọc thư viện',
        });
        await this.ds.query(`UPDATE events.programmes SET created_by = $2, organisers = $3 WHERE id = $1`, [
          programme.id,
          SYSTEM.accountId,
          ['Thư viện', 'Đoàn Thanh niên'],
        ]);
        bookDays += await this.hold(
          sessions.map((s) => s.id),
          () => 120 + bookDays * 15,
        );
      }
    }
    summary.push(
      `events: Ngày Sách và Văn hóa đọc Việt Nam 2024, 2025 and 2026 at ${libraries.length} libraries (${bookDays} sessions held)`,
    );

    // A club at the Hướng Hóa cultural centre: members, weekly Saturday meetings from September.
    const centre = codes.get('QT-HH-TTVH');
    if (centre) {
      const club = await this.clubs.create(SYSTEM, {
        institutionId: centre,
        name: 'Câu lạc bộ Đọc sách và Kể chuyện Khe Sanh',
        category: 'reading',
        description: 'Sinh hoạt sáng thứ Bảy hằng tuần: đọc sách, kể chuyện, hát dân ca Vân Kiều – Pa Kô.',
        foundedOn: '2024-03-26',
      });
      for (const name of [
        'Hồ Văn Kiên',
        'Nguyễn Thị Hương',
        'Hồ Thị Pả',
        'Lê Văn Đức',
        'Trần Thị Ngọc Ánh',
        'Hồ Văn Crứt',
      ]) {
        await this.clubs.join(SYSTEM, club.id, { fullName: name, joinedOn: '2024-03-26' });
      }
      const year = Number(this.clock.now().toISOString().slice(0, 4));
      const { sessions } = await this.programmes.create(SYSTEM, {
        institutionId: centre,
        clubId: club.id,
        title: 'Sinh hoạt Câu lạc bộ Đọc sách và Kể chuyện Khe Sanh',
        category: 'club_meeting',
        audiences: ['everyone', 'ethnic_minorities'],
        registration: 'none',
        schedule: {
          startsAt: `${year}-09-05T08:00`,
          endsAt: `${year}-09-05T10:00`,
          rrule: 'FREQ=WEEKLY;BYDAY=SA;COUNT=26',
          place: 'Hội trường Trung tâm Văn hóa huyện Hướng Hóa',
        },
      });
      const held = await this.hold(
        sessions.map((s) => s.id),
        (i) => 14 + (i % 5),
      );
      summary.push(
        `events: Câu lạc bộ Đọc sách và Kể chuyện Khe Sanh (6 members, ${sessions.length} weekly meetings, ${held} held)`,
      );
    }

    // A museum education programme: a class visit held, and upcoming sessions to book (offers with a claim window).
    const museum = codes.get('QT-BT');
    if (museum) {
      const now = this.clock.now();
      const next = new Date(now.getTime() + 14 * 86400_000).toISOString().slice(0, 10);
      const { programme } = await this.programmes.create(SYSTEM, {
        institutionId: museum,
        title: 'Em yêu lịch sử quê hương — giáo dục di sản tại Bảo tàng tỉnh Quảng Trị',
        category: 'museum_education',
        audiences: ['pupils', 'children'],
        description: 'Học sinh tìm hiểu hiện vật, kể lại câu chuyện lịch sử và làm phiếu học tập tại bảo tàng.',
        promotion: 'offer',
        claimHours: 24,
        minAge: 8,
        maxAge: 15,
        cancelHoursBefore: 24,
        schedule: {
          startsAt: `${next}T08:30`,
          endsAt: `${next}T10:30`,
          rrule: 'FREQ=WEEKLY;COUNT=6',
          place: 'Phòng giáo dục, Bảo tàng tỉnh Quảng Trị',
          capacity: 40,
        },
      });
      const past = new Date(now.getTime() - 30 * 86400_000).toISOString().slice(0, 10);
      const [visit] = await this.programmes.addSessions(SYSTEM, programme.id, {
        startsAt: `${past}T08:30`,
        endsAt: `${past}T10:30`,
        place: 'Phòng giáo dục, Bảo tàng tỉnh Quảng Trị',
      });
      await this.registrations.addWalkIns(SYSTEM, visit.id, 36, false);
      await this.registrations.close(SYSTEM, visit.id);
      summary.push(
        'events: museum education programme at Bảo tàng tỉnh Quảng Trị (6 sessions to book, 1 held with 36 pupils)',
      );
    }

    // An upcoming storytelling hour at Hướng Hóa with the demo patron registered.
    const library = codes.get('QT-HH-TV');
    const kien = await this.accounts
      .findByEmail('bandoc@suotdoi.vn')
      .then((a) => (a ? this.patrons.findByAccount(a.id) : undefined));
    if (library) {
      const day = new Date(this.clock.now().getTime() + 9 * 86400_000).toISOString().slice(0, 10);
      const { sessions } = await this.programmes.create(SYSTEM, {
        institutionId: library,
        title: 'Giờ kể chuyện cuối tuần cho thiếu nhi',
        category: 'reading_promotion',
        audiences: ['children'],
        cancelHoursBefore: 12,
        schedule: {
          startsAt: `${day}T15:00`,
          endsAt: `${day}T16:00`,
          place: 'Góc thiếu nhi, Thư viện huyện Hướng Hóa',
          capacity: 25,
        },
      });
      if (kien)
        await this.registrations.register(
          sessions[0].id,
          { kind: 'patron', patronId: kien.id, fullName: kien.fullName, birthDate: kien.birthDate },
          SYSTEM,
        );
      summary.push(`events: storytelling hour at Thư viện huyện Hướng Hóa${kien ? ' (Hồ Văn Kiên registered)' : ''}`);
    }
    return { summary };
  }
}
