import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig, escapeMarkup, SEARCH_INDEX, type SearchIndex } from '@suotdoi/platform';
import {
  DIGITAL_KINDS,
  DIGITAL_LOAN_CHECKER,
  type BibRecord,
  type DigitalLoanChecker,
  type DigitalResource,
  type ELendingAvailability,
} from '../catalogue.types.js';
import { DigitalResourcesRepository } from '../digital/digital-resources.repository.js';
import { RecordsRepository } from '../records/records.repository.js';

const esc = escapeMarkup;
export const OPDS_NAV = 'application/atom+xml;profile=opds-catalog;kind=navigation';
export const OPDS_ACQ = 'application/atom+xml;profile=opds-catalog;kind=acquisition';
/** What a borrow link answers: the entry of the loan, with the acquisition link to read it. */
export const OPDS_ENTRY = 'application/atom+xml;type=entry;profile=opds-catalog';
const PAGE = 25;

/** OPDS 1.2 catalogue of the e-library, for e-reader apps (Thorium, KOReader, Moon+ Reader…). */
@Injectable()
export class OpdsService {
  constructor(
    private readonly records: RecordsRepository,
    private readonly digital: DigitalResourcesRepository,
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly config: AppConfig,
    @Optional() @Inject(DIGITAL_LOAN_CHECKER) private readonly loans?: DigitalLoanChecker,
  ) {}

  private get base(): string {
    return `${this.config.PUBLIC_URL.replace(/\/$/, '')}/catalogue/opds`;
  }

  root(now: Date): string {
    return this.feed({
      id: 'urn:suotdoi:opds:root',
      title: 'Suốt Đời — Thư viện số',
      self: this.base,
      kind: OPDS_NAV,
      now,
      extraLinks: [
        `<link rel="search" type="application/opensearchdescription+xml" href="${esc(this.base)}/opensearch.xml"/>`,
      ],
      entries: [
        `<entry><title>Tài liệu số mới (New)</title><id>urn:suotdoi:opds:new</id><updated>${now.toISOString()}</updated>
          <link rel="http://opds-spec.org/sort/new" type="${OPDS_ACQ}" href="${esc(this.base)}/new"/><content type="text">Sách điện tử, sách nói, video bài giảng và tài liệu địa chí số hóa mới nhất</content></entry>`,
      ],
    });
  }

  async newest(page: number, now: Date): Promise<string> {
    const resources = await this.digital.newest(PAGE + 1, (page - 1) * PAGE);
    const recordIds = [...new Set(resources.slice(0, PAGE).map((r) => r.recordId))];
    const entries = await this.entries(recordIds);
    const next =
      resources.length > PAGE
        ? [`<link rel="next" type="${OPDS_ACQ}" href="${esc(this.base)}/new?page=${page + 1}"/>`]
        : [];
    return this.feed({
      id: `urn:suotdoi:opds:new:${page}`,
      title: 'Tài liệu số mới',
      self: `${this.base}/new?page=${page}`,
      kind: OPDS_ACQ,
      now,
      entries,
      extraLinks: next,
    });
  }

  async search(q: string, now: Date): Promise<string> {
    // Every record with a digital resource: open ones, and those a licence lends (entries drops the rest).
    const res = await this.index.search({ q, filters: { format: [...DIGITAL_KINDS] }, limit: PAGE, facets: false });
    const entries = await this.entries(res.hits.map((h) => h.id));
    return this.feed({
      id: `urn:suotdoi:opds:search:${encodeURIComponent(q)}`,
      title: `Tìm: ${q}`,
      self: `${this.base}/search?q=${encodeURIComponent(q)}`,
      kind: OPDS_ACQ,
      now,
      entries,
    });
  }

  openSearch(): string {
    return `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/">
  <ShortName>Suốt Đời</ShortName>
  <Description>Tìm tài liệu số — Search the e-library</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Url type="${OPDS_ACQ}" template="${esc(this.base)}/search?q={searchTerms}"/>
</OpenSearchDescription>
`;
  }

  /**
   * Feed entries of records, in the order given, each with what a reader can take: open-access files directly, and
   * `loan` resources that a licence lends today through a borrow link carrying their availability. Resources for
   * staff only, or without a licence, are left out, and so is a record left with nothing to take.
   */
  private async entries(recordIds: string[]): Promise<string[]> {
    const [records, files] = await Promise.all([this.records.findMany(recordIds), this.digital.forRecords(recordIds)]);
    const loanIds = files.filter((f) => f.access === 'loan').map((f) => f.id);
    const lent = loanIds.length && this.loans?.availability ? await this.loans.availability(loanIds) : new Map();
    const byRecord = new Map<string, { file: DigitalResource; lending?: ELendingAvailability }[]>();
    for (const f of files) {
      if (f.access === 'staff' || (f.access === 'loan' && !lent.has(f.id))) continue;
      byRecord.set(f.recordId, [...(byRecord.get(f.recordId) ?? []), { file: f, lending: lent.get(f.id) }]);
    }
    const order = new Map(recordIds.map((id, i) => [id, i]));
    return records
      .filter((r) => byRecord.has(r.id))
      .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
      .map((r) => this.entry(r, byRecord.get(r.id)!));
  }

  private entry(r: BibRecord, files: { file: DigitalResource; lending?: ELendingAvailability }[]): string {
    const api = this.config.PUBLIC_URL.replace(/\/$/, '');
    const links = files.map(({ file: f, lending }) => {
      const type = esc(f.mediaType ?? 'application/octet-stream');
      const title = f.label ? ` title="${esc(f.label)}"` : '';
      if (!lending)
        return `<link rel="http://opds-spec.org/acquisition/open-access" type="${type}" href="${esc(`${api}/catalogue/digital-resources/${f.id}/file`)}"${title}/>`;
      const free = lending.available === null || lending.available > 0;
      const copies =
        lending.seats === null ? '' : `<opds:copies total="${lending.seats}" available="${lending.available}"/>`;
      return `<link rel="http://opds-spec.org/acquisition/borrow" type="${OPDS_ENTRY}" href="${esc(`${api}/me/opds/borrow/${f.id}`)}"${title}>
      <opds:indirectAcquisition type="${type}"/><opds:availability status="${free ? 'available' : 'unavailable'}"/>${copies}<opds:holds total="${lending.holds}"/>
    </link>`;
    });
    if (r.hasCover)
      links.push(
        `<link rel="http://opds-spec.org/image" type="image/jpeg" href="${esc(`${api}/catalogue/records/${r.id}/cover`)}"/>`,
      );
    links.push(`<link rel="alternate" type="application/json" href="${esc(`${api}/catalogue/records/${r.id}`)}"/>`);
    return `<entry>
    <title>${esc(r.subtitle ? `${r.title}: ${r.subtitle}` : r.title)}</title>
    <id>urn:uuid:${r.id}</id>
    <updated>${new Date(r.updatedAt).toISOString()}</updated>
    ${r.authors.map((a) => `<author><name>${esc(a.name)}</name></author>`).join('')}
    <dc:language>${esc(r.language)}</dc:language>
    ${r.year ? `<dc:issued>${r.year}</dc:issued>` : ''}${r.publisher ? `<dc:publisher>${esc(r.publisher)}</dc:publisher>` : ''}
    ${r.isbns.map((i) => `<dc:identifier>urn:isbn:${i}</dc:identifier>`).join('')}
    ${r.subjects.map((s) => `<category term="${esc(s)}" label="${esc(s)}"/>`).join('')}
    ${r.summary ? `<summary type="text">${esc(r.summary.slice(0, 2000))}</summary>` : ''}
    ${links.join('\n    ')}
  </entry>`;
  }

  private feed(f: {
    id: string;
    title: string;
    self: string;
    kind: string;
    now: Date;
    entries: string[];
    extraLinks?: string[];
  }): string {
    return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/terms/" xmlns:opds="http://opds-spec.org/2010/catalog">
  <id>${esc(f.id)}</id>
  <title>${esc(f.title)}</title>
  <updated>${f.now.toISOString()}</updated>
  <author><name>Suốt Đời</name></author>
  <link rel="self" type="${f.kind}" href="${esc(f.self)}"/>
  <link rel="start" type="${OPDS_NAV}" href="${esc(this.base)}"/>
  ${(f.extraLinks ?? []).join('\n  ')}
  ${f.entries.join('\n  ')}
</feed>
`;
  }
}
