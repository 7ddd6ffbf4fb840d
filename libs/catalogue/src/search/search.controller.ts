import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '@suotdoi/platform';
import { CatalogueSearchService } from './catalogue-search.service.js';
import { SearchQueryDto } from './dto/search-query.dto.js';

@ApiTags('catalogue')
@Controller('catalogue/search')
export class SearchController {
  constructor(private readonly search: CatalogueSearchService) {}

  /**
   * Search the whole network's catalogue and e-library. Understands Vietnamese with or without diacritics (exact
   * diacritics rank first), matches prefixes as you type, tolerates a typo in longer words, and finds ISBNs in any form.
   */
  @Get()
  @Access('public')
  @ApiOkResponse({ description: 'Hits with highlights and where each is on the shelf now, facet counts, total' })
  find(@Query() q: SearchQueryDto) {
    const { q: text, sort, limit, offset, facets, ...filters } = q;
    return this.search.search({ q: text, sort, limit, offset, facets, filters });
  }
}
