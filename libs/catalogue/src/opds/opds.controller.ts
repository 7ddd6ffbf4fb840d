import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access, Clock } from '@suotdoi/platform';
import { OPDS_ACQ, OPDS_NAV, OpdsService } from './opds.service.js';

const XML = { type: 'string' } as const;
const OPENSEARCH = 'application/opensearchdescription+xml';

@ApiTags('catalogue')
@Controller('catalogue/opds')
export class OpdsController {
  constructor(
    private readonly opds: OpdsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Access('public')
  @Header('Content-Type', `${OPDS_NAV}; charset=utf-8`)
  @ApiProduces(OPDS_NAV)
  @ApiOperation({ summary: 'OPDS catalogue of the e-library for reading apps: the root navigation feed (Atom XML).' })
  @ApiOkResponse({ description: 'OPDS navigation feed (root)', schema: XML })
  root(): string {
    return this.opds.root(this.clock.now());
  }

  @Get('new')
  @Access('public')
  @Header('Content-Type', `${OPDS_ACQ}; charset=utf-8`)
  @ApiProduces(OPDS_ACQ)
  @ApiOperation({ summary: 'OPDS acquisition feed of the newest digital resources with a file, page by page.' })
  @ApiQuery({ name: 'page', required: false, type: Number, description: 'From 1 (at most 1000)' })
  @ApiOkResponse({ description: 'OPDS acquisition feed: newest digital resources', schema: XML })
  newest(@Query('page') page?: string): Promise<string> {
    const n = Math.min(Math.max(Number.parseInt(page ?? '1', 10) || 1, 1), 1000);
    return this.opds.newest(n, this.clock.now());
  }

  @Get('search')
  @Access('public')
  @Header('Content-Type', `${OPDS_ACQ}; charset=utf-8`)
  @ApiProduces(OPDS_ACQ)
  @ApiOperation({ summary: 'OPDS acquisition feed of search results readable online.' })
  @ApiQuery({
    name: 'q',
    required: false,
    description: 'What to look for (Vietnamese with or without diacritics)',
    example: 'truyen kieu',
  })
  @ApiOkResponse({ description: 'OPDS acquisition feed: search results readable online', schema: XML })
  search(@Query('q') q?: string): Promise<string> {
    return this.opds.search(String(q ?? '').slice(0, 200), this.clock.now());
  }

  @Get('opensearch.xml')
  @Access('public')
  @Header('Content-Type', `${OPENSEARCH}; charset=utf-8`)
  @ApiProduces(OPENSEARCH)
  @ApiOperation({ summary: 'OpenSearch description of the OPDS search, for reading apps.' })
  @ApiOkResponse({ description: 'OpenSearch description for the OPDS search', schema: XML })
  openSearch(): string {
    return this.opds.openSearch();
  }
}
