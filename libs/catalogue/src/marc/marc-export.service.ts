import { Inject, Injectable, Optional } from '@nestjs/common';
import { ISO2709, MARCXML } from '@natlibfi/marc-record-serializers';
import { AppConfig, JURISDICTION_DIRECTORY, type JurisdictionDirectory } from '@suotdoi/platform';
import { CatalogueErrors } from '../catalogue.errors.js';
import { CopiesRepository } from '../copies/copies.repository.js';
import { RecordsRepository } from '../records/records.repository.js';
import { toMarc } from './marc-mapping.js';
import type { MarcFormat } from './marc-reader.js';

/**
 * MARC 21 export (ISO 2709 or a MARCXML collection): an 852 per copy (its home library's network code in $a) with an
 * 876 for price and acquisition date, and subjects with the subdivision kinds they were imported with.
 */
@Injectable()
export class MarcExportService {
  constructor(
    private readonly records: RecordsRepository,
    private readonly copies: CopiesRepository,
    private readonly config: AppConfig,
    @Optional() @Inject(JURISDICTION_DIRECTORY) private readonly directory?: JurisdictionDirectory,
  ) {}

  async export(ids: string[], format: MarcFormat): Promise<{ body: Buffer; mediaType: string }> {
    const found = await this.records.findMany(ids);
    if (ids.length === 1 && !found.length) throw CatalogueErrors.recordNotFound({ id: ids[0] });
    const headings = await this.records.subjectHeadings(found.map((r) => r.id));
    const out: string[] = [];
    for (const r of found) {
      const copies = (await this.copies.forRecord(r.id)).filter((c) => c.status !== 'withdrawn');
      const ids = [...new Set(copies.map((c) => c.homeInstitutionId))];
      const codes = new Map(
        ids.length && this.directory ? (await this.directory.describeInstitutions(ids)).map((i) => [i.id, i.code]) : [],
      );
      const holdings = copies.map((c) => ({
        institutionCode: codes.get(c.homeInstitutionId) ?? c.homeInstitutionId,
        callNumber: c.callNumber,
        shelfLocation: c.shelfLocation,
        barcode: c.barcode,
        priceVnd: c.priceVnd,
        acquiredOn: c.acquiredOn,
      }));
      const marc = toMarc(r, {
        holdings,
        subjectHeadings: headings.get(r.id),
        baseUrl: this.config.PUBLIC_URL.replace(/\/$/, ''),
      });
      out.push(format === 'iso2709' ? ISO2709.to(marc) : MARCXML.to(marc, { omitDeclaration: true }));
    }
    if (format === 'iso2709') return { body: Buffer.from(out.join(''), 'utf8'), mediaType: 'application/marc' };
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n${out.join('\n')}\n</collection>\n`;
    return { body: Buffer.from(xml, 'utf8'), mediaType: 'application/marcxml+xml' };
  }
}
