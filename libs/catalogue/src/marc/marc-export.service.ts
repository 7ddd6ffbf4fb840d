import { Injectable } from '@nestjs/common';
import { ISO2709, MARCXML } from '@natlibfi/marc-record-serializers';
import { AppConfig } from '@suotdoi/platform';
import { CatalogueErrors } from '../catalogue.errors.js';
import { CopiesRepository } from '../copies/copies.repository.js';
import { RecordsRepository } from '../records/records.repository.js';
import { RecordsService } from '../records/records.service.js';
import { toMarc } from './marc-mapping.js';
import type { MarcFormat } from './marc-reader.js';

/** MARC 21 export (ISO 2709 or a MARCXML collection), with 852 holdings per copy. */
@Injectable()
export class MarcExportService {
  constructor(
    private readonly records: RecordsRepository,
    private readonly copies: CopiesRepository,
    private readonly recordsService: RecordsService,
    private readonly config: AppConfig,
  ) {}

  async export(ids: string[], format: MarcFormat): Promise<{ body: Buffer; mediaType: string }> {
    const found = await this.records.findMany(ids);
    if (ids.length === 1 && !found.length) throw CatalogueErrors.recordNotFound({ id: ids[0] });
    const out: string[] = [];
    for (const r of found) {
      const copies = await this.copies.forRecord(r.id);
      const names = await this.recordsService.names(copies.map((c) => c.homeInstitutionId));
      const holdings = copies
        .filter((c) => c.status !== 'withdrawn')
        .map((c) => ({
          institutionCode: names.get(c.homeInstitutionId) ?? c.homeInstitutionId,
          callNumber: c.callNumber,
          barcode: c.barcode,
        }));
      const marc = toMarc(r, { holdings, baseUrl: this.config.PUBLIC_URL.replace(/\/$/, '') });
      out.push(format === 'iso2709' ? ISO2709.to(marc) : MARCXML.to(marc, { omitDeclaration: true }));
    }
    if (format === 'iso2709') return { body: Buffer.from(out.join(''), 'utf8'), mediaType: 'application/marc' };
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="http://www.loc.gov/MARC21/slim">\n${out.join('\n')}\n</collection>\n`;
    return { body: Buffer.from(xml, 'utf8'), mediaType: 'application/marcxml+xml' };
  }
}
