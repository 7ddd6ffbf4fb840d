import { Inject, Injectable } from '@nestjs/common';
import {
  SEARCH_INDEX,
  type SearchDocument,
  type SearchIndex,
  type SearchQuery,
  type SearchResult,
} from '@suotdoi/platform';
import { RecordsService } from '../records/records.service.js';

/** A search hit as the public API shows it: the indexed record, highlights, and where it is on the shelf now. */
export type CatalogueSearchHit = Pick<
  SearchDocument,
  | 'id'
  | 'title'
  | 'subtitle'
  | 'authors'
  | 'publisher'
  | 'year'
  | 'isbns'
  | 'language'
  | 'formats'
  | 'audience'
  | 'subjects'
  | 'localContent'
  | 'hasCover'
  | 'availability'
> & {
  highlight: { title: string; authors: string[] };
  /** Institutions with a copy on the shelf now. */
  availableAt: { institutionId: string; name: string | null }[];
};

export type CatalogueSearchResult = Omit<SearchResult, 'hits'> & { hits: CatalogueSearchHit[] };

/** Public catalogue search: the search port, plus the names of the institutions that have each record on the shelf. */
@Injectable()
export class CatalogueSearchService {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly records: RecordsService,
  ) {}

  async search(query: SearchQuery): Promise<CatalogueSearchResult> {
    const res = await this.index.search(query);
    const names = await this.records.names(res.hits.flatMap((h) => h.document.availableAt));
    return {
      ...res,
      hits: res.hits.map(({ document: d, highlight }) => ({
        id: d.id,
        title: d.title,
        subtitle: d.subtitle,
        authors: d.authors,
        publisher: d.publisher,
        year: d.year,
        isbns: d.isbns,
        language: d.language,
        formats: d.formats,
        audience: d.audience,
        subjects: d.subjects,
        localContent: d.localContent,
        hasCover: d.hasCover,
        highlight,
        availableAt: d.availableAt.map((institutionId) => ({ institutionId, name: names.get(institutionId) ?? null })),
        availability: d.availability,
      })),
    };
  }
}
