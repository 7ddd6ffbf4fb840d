import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import {
  DemoSeeder,
  JURISDICTION_DIRECTORY,
  type InstitutionSummary,
  type JurisdictionDirectory,
  type SeedReport,
  type Seeder,
} from '@suotdoi/platform';
import type { CopyStatus, DigitalKind } from '../catalogue.types.js';
import { CopiesRepository } from '../copies/copies.repository.js';
import { DigitalResourcesRepository } from '../digital/digital-resources.repository.js';
import { DigitalResourcesService } from '../digital/digital-resources.service.js';
import { RecordsService } from '../records/records.service.js';
import { demoRecords, prng } from './demo-catalogue.js';
import { demoMp3, demoPdf, demoPng } from './demo-files.js';

/** Records in the demo catalogue. */
export const DEMO_RECORD_COUNT = 3000;
const DEMO_PROVINCES = ['HN', 'QT', 'KT', 'QNG', 'HD', 'HP', 'CT'];
const HOLDING_TYPES = new Set([
  'national_library',
  'public_library',
  'school_library',
  'university_library',
  'specialised_library',
  'armed_forces_library',
  'community_library',
  'foreign_library',
  'community_learning_centre',
  'cultural_house',
  'cultural_centre',
]);

/**
 * Demo catalogue (order 30, after the network): a few thousand Vietnamese records — classics, children's books,
 * schoolbooks, agricultural extension for Hướng Hóa coffee growers, local history, books in Bru and Pa Kô —, copies
 * spread over the demo network's libraries, and digital resources with small generated files. Idempotent by
 * control number (SD-DEMO-nnnnn).
 */
@Injectable()
@DemoSeeder(30)
export class CatalogueSeeder implements Seeder {
  private readonly log = new Logger('CatalogueSeeder');
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly records: RecordsService,
    private readonly copies: CopiesRepository,
    private readonly digital: DigitalResourcesService,
    private readonly digitalRepo: DigitalResourcesRepository,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  async seed(): Promise<SeedReport> {
    const started = Date.now();
    const [{ n }] = await this.ds.query(
      `SELECT count(*)::int AS n FROM catalogue.records WHERE control_number LIKE 'SD-DEMO-%'`,
    );
    if (n >= DEMO_RECORD_COUNT) return { summary: [`catalogue: ${n} demo records already loaded`] };
    const libraries = await this.demoLibraries();
    if (!libraries.length)
      return { summary: ['catalogue: no demo institutions found (network demo data missing); catalogue demo skipped'] };
    const rnd = prng(7);
    const pick = <T>(list: T[]) => list[Math.floor(rnd() * list.length)];
    const byCode = (prefix: string) => libraries.filter((l) => l.code.startsWith(prefix));
    const hh = byCode('QT-HH');
    const qt = byCode('QT');
    const schools = libraries.filter((l) => l.type === 'school_library');
    const publicLibs = libraries.filter((l) => l.type === 'public_library' || l.type === 'national_library');
    const heritageOwner = libraries.find((l) => l.code === 'QT-TV') ?? publicLibs[0] ?? libraries[0];
    const all = demoRecords(DEMO_RECORD_COUNT);
    let records = 0;
    let copies = 0;
    // Only statuses that need no circulation record: copies on loan, in transit or on the hold shelf come from
    // circulation's own demo (real loans, holds and transfers), so every such status can be explained at the desk.
    const statuses: CopyStatus[] = [
      'available',
      'available',
      'available',
      'available',
      'available',
      'available',
      'available',
      'available',
      'damaged',
      'lost',
    ];
    for (let i = 0; i < all.length; i += 100) {
      const batch = all.slice(i, i + 100);
      await this.ds.transaction(async (m) => {
        for (const { input, kind } of batch) {
          const existing = await m.query(`SELECT id FROM catalogue.records WHERE control_number = $1`, [
            input.controlNumber,
          ]);
          if (existing.length) continue;
          const pool =
            kind === 'school'
              ? schools.length
                ? schools
                : publicLibs
              : kind === 'agriculture' || kind === 'minority'
                ? hh.length
                  ? hh
                  : libraries
                : kind === 'local_history'
                  ? qt.length
                    ? [...qt, ...publicLibs]
                    : libraries
                  : libraries;
          const owner = pick(pool.length ? pool : libraries);
          const id = await this.records.insertTrusted(m, owner.id, input);
          records++;
          const holders = new Set([
            owner,
            ...Array.from({ length: Math.floor(rnd() * 3) }, () => pick(pool.length ? pool : libraries)),
          ]);
          let k = 0;
          for (const h of holders) {
            const n = 1 + Math.floor(rnd() * 2);
            for (let c = 0; c < n; c++) {
              // Straight to the repository: the institutions come from the directory, and the record's own outbox
              // row (queued by insertTrusted in this transaction) indexes its copies too.
              await this.copies.insert(m, {
                recordId: id,
                locationInstitutionId: h.id,
                locationServicePointId: null,
                shelfLocation: null,
                barcode: `${h.code}-${input.controlNumber!.slice(-5)}-${++k}`,
                homeInstitutionId: h.id,
                callNumber: `${input.ddc} ${input.authors[0]?.name.split(' ').pop()?.slice(0, 3).toUpperCase() ?? 'XXX'}`,
                itemType:
                  kind === 'school' ? 'textbook' : input.accessibleFormats.includes('braille') ? 'braille' : 'book',
                status: pick(statuses),
                acquiredOn: `${Math.max(input.year ?? 2000, 2000) + Math.floor(rnd() * 3)}-0${1 + Math.floor(rnd() * 9)}-15`,
                priceVnd: Math.round(((30 + rnd() * 170) * 1000) / 500) * 500,
                source: rnd() < 0.3 ? 'donation' : 'purchase',
                sourceNote: rnd() < 0.3 ? 'Ngày Sách và Văn hóa đọc Việt Nam 21/4' : null,
              });
              copies++;
            }
          }
        }
      });
    }
    const files = await this.seedDigital(heritageOwner);
    this.log.log(`demo catalogue loaded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return {
      summary: [
        `catalogue: ${records} demo records, ${copies} copies over ${libraries.length} institutions, ${files} digital files`,
      ],
    };
  }

  /** Libraries and other lending institutions of the demo network, through the jurisdiction port. */
  private async demoLibraries(): Promise<InstitutionSummary[]> {
    const d = this.directory;
    if (!d?.unitByCode) return [];
    const units = (await Promise.all(DEMO_PROVINCES.map((c) => d.unitByCode!(c))))
      .filter((u): u is NonNullable<typeof u> => !!u)
      .map((u) => u.id);
    if (!units.length) return [];
    const ids = await d.institutionsUnder(units);
    return (await d.describeInstitutions(ids))
      .filter((i) => HOLDING_TYPES.has(i.type))
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /** A few dozen open e-books, audiobooks and digitised local documents with generated files, plus covers. */
  private async seedDigital(owner: InstitutionSummary): Promise<number> {
    const picks: { control: string; kind: DigitalKind }[] = [];
    const rows: {
      id: string;
      title: string;
      control: string;
      local: boolean;
      children: boolean;
      subjects: string[];
    }[] = await this.ds.query(
      `SELECT r.id, r.title, r.control_number AS control, r.local_content AS local, r.audience = 'children' AS children, r.subjects FROM catalogue.records r
       WHERE r.control_number LIKE 'SD-DEMO-%' AND NOT EXISTS (SELECT 1 FROM catalogue.digital_resources d WHERE d.record_id = r.id)
       ORDER BY r.control_number`,
    );
    const seen = new Set<string>();
    for (const r of rows) {
      if (seen.has(r.title) || picks.length >= 40) continue;
      seen.add(r.title);
      if (r.local && picks.filter((p) => p.kind === 'heritage_document').length < 12)
        picks.push({ control: r.control, kind: 'heritage_document' });
      else if (r.children && picks.filter((p) => p.kind === 'audiobook').length < 8)
        picks.push({ control: r.control, kind: 'audiobook' });
      else if (r.subjects.includes('Văn học Việt Nam') && picks.filter((p) => p.kind === 'ebook').length < 20)
        picks.push({ control: r.control, kind: 'ebook' });
    }
    let files = 0;
    for (const p of picks) {
      const r = rows.find((x) => x.control === p.control)!;
      const id = await this.ds.transaction((m) =>
        this.digitalRepo.insert(m, {
          recordId: r.id,
          institutionId: owner.id,
          kind: p.kind,
          access: 'open',
          label:
            p.kind === 'audiobook'
              ? 'Sách nói (bản mẫu)'
              : p.kind === 'heritage_document'
                ? 'Bản số hóa'
                : 'Sách điện tử PDF',
        }),
      );
      const lines = [
        'Suot Doi - Thu vien so (tai lieu mau)',
        `Ma bieu ghi: ${r.control}`,
        ...r.subjects.map((s) => `Chu de: ${s}`),
        'Tai lieu nay duoc tao tu dong cho du lieu trinh dien.',
      ];
      if (p.kind === 'audiobook')
        await this.digital.attachTrusted(
          id,
          r.id,
          'audiobook',
          'audio/mpeg',
          Readable.from([demoMp3(3, r.title)]),
          `${r.control}.mp3`,
        );
      else
        await this.digital.attachTrusted(
          id,
          r.id,
          p.kind,
          'application/pdf',
          Readable.from([demoPdf(r.title, lines)]),
          `${r.control}.pdf`,
        );
      const hue = [...r.title].reduce((s, c) => s + c.charCodeAt(0), 0);
      await this.digital.attachTrusted(
        id,
        r.id,
        'cover',
        'image/png',
        Readable.from([demoPng(120, 180, [80 + (hue % 150), 60 + ((hue * 7) % 150), 90 + ((hue * 13) % 150)])]),
        `${r.control}.png`,
      );
      files += 2;
    }
    this.log.log(`demo e-library: ${files} files`);
    return files;
  }
}
