import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access, Clock } from '@suotdoi/platform';
import { OPDS_ACQ, OPDS_NAV, OpdsService } from './opds.service.js';

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
  @ApiOkResponse({ description: 'OPDS navigation feed (root)' })
  root(): string {
    return this.opds.root(this.clock.now());
  }

  @Get('new')
  @Access('public')
  @Header('Content-Type', `${OPDS_ACQ}; charset=utf-8`)
  @ApiProduces(OPDS_ACQ)
  @ApiOkResponse({ description: 'OPDS acquisition feed: newest digital resources' })
  newest(@Query('page') page?: string): Promise<string> {
    const n = Math.min(Math.max(Number.parseInt(page ?? '1', 10) || 1, 1), 1000);
    return this.opds.newest(n, this.clock.now());
  }

  @Get('search')
  @Access('public')
  @Header('Content-Type', `${OPDS_ACQ}; charset=utf-8`)
  @ApiProduces(OPDS_ACQ)
  @ApiOkResponse({ description: 'OPDS acquisition feed: search results readable online' })
  search(@Query('q') q?: string): Promise<string> {
    return this.opds.search(String(q ?? '').slice(0, 200), this.clock.now());
  }

  @Get('opensearch.xml')
  @Access('public')
  @Header('Content-Type', 'application/opensearchdescription+xml; charset=utf-8')
  @ApiOkResponse({ description: 'OpenSearch description for the OPDS search' })
  openSearch(): string {
    return this.opds.openSearch();
  }
}
