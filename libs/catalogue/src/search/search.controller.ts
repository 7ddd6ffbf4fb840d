import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@suotdoi/platform';
import { CatalogueSearchService } from './catalogue-search.service.js';
import { SearchQueryDto } from './dto/search-query.dto.js';
import { SearchResultDto } from './dto/search-result.dto.js';

@ApiTags('catalogue')
@Controller('catalogue/search')
export class SearchController {
  constructor(private readonly search: CatalogueSearchService) {}

  /**
   * Search the whole network's catalogue and e-library. Understands Vietnamese with or without diacritics (exact
   * diacritics rank first), matches the last word as a prefix while it is typed (a space after it makes it a whole word;
   * a number of three digits or more also completes into ISBNs), tolerates a typo in longer words, and finds ISBNs in
   * any form.
   * Broad queries are ranked over their first 1,000 matches (PostgreSQL backend): `totalIsExact` and
   * `facetsApproximate` then say that the total is a lower bound and the facet counts a sample.
   */
  @Get()
  @Access('public')
  @ApiOperation({
    summary:
      'Search the catalogue and e-library of the whole network (Vietnamese with or without diacritics, as you type, ISBN in any form), with facets and availability.',
  })
  @ApiOkResponse({
    type: SearchResultDto,
    description:
      'Hits with highlights and where each is on the shelf now, facet counts, total. Past 1,000 matches (PostgreSQL backend) ' +
      '`total` is a lower bound (`totalIsExact: false`) and the facet counts are taken over the 1,000 ranked records (`facetsApproximate: true`).',
  })
  find(@Query() q: SearchQueryDto): Promise<SearchResultDto> {
    const { q: text, sort, limit, offset, facets, ...filters } = q;
    return this.search.search({ q: text, sort, limit, offset, facets, filters });
  }
}
