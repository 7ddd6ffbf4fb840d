import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { IDEMPOTENCY } from '../collections/collections.controller.js';
import { OfflineBatchDto, ResolveOpDto, UploadBatchDto } from './dto/offline-batch.dto.js';
import { OfflineBatchesService } from './offline-batches.service.js';

/** Mobile library (thư viện lưu động): circulation captured offline at a stop, applied once. */
@ApiTags('rotation')
@ApiBearerAuth()
@Controller('rotation/offline-batches')
export class OfflineBatchesController {
  constructor(private readonly batches: OfflineBatchesService) {}

  @Post()
  @HttpCode(200)
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Upload a batch of checkouts, check-ins and renewals captured offline (device id, batch id, client op ids, past times). Applied once and in order through the desk; refusals are kept as conflicts for staff. A second upload of the same batch answers the first result (replayed: true).',
  })
  @ApiOkResponse({ type: OfflineBatchDto })
  async upload(@CurrentPrincipal() p: Principal, @Body() dto: UploadBatchDto): Promise<OfflineBatchDto> {
    return OfflineBatchDto.of(await this.batches.upload(p, dto));
  }

  @Get(':id')
  @Access('staff')
  @ApiOperation({ summary: 'A batch with each operation’s outcome (staff of the mobile library).' })
  @ApiOkResponse({ type: OfflineBatchDto })
  @ApiNotFoundResponse({ description: 'rotation/batch_not_found' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<OfflineBatchDto> {
    return OfflineBatchDto.of(await this.batches.get(p, id));
  }

  @Post(':id/ops/:seq/resolve')
  @HttpCode(200)
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Mark a conflict resolved, saying what was done.' })
  @ApiOkResponse({ type: OfflineBatchDto })
  async resolve(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('seq', ParseIntPipe) seq: number,
    @Body() dto: ResolveOpDto,
  ): Promise<OfflineBatchDto> {
    return OfflineBatchDto.of(await this.batches.resolve(p, id, seq, dto.note));
  }
}
