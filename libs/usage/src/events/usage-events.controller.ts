import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { IngestEventsDto, IngestResultDto } from './dto/ingest-events.dto.js';
import { UsageIngestionService } from './ingestion.service.js';

@ApiTags('usage')
@ApiBearerAuth()
@Controller('usage/events')
export class UsageEventsController {
  constructor(private readonly ingestion: UsageIngestionService) {}

  @Post('batch')
  @HttpCode(200)
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({
    summary: 'Ingest up to 10,000 usage events (gate counters, OPAC, other systems); idempotent by clientEventId.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiOkResponse({ type: IngestResultDto })
  async ingest(@CurrentPrincipal() principal: Principal, @Body() body: IngestEventsDto): Promise<IngestResultDto> {
    return this.ingestion.ingestFor(principal, body.events);
  }
}
