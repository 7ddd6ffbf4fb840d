import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, ApiTaskAccepted, CurrentPrincipal, taskAccepted, TaskDto, type Principal } from '@suotdoi/platform';
import { ShipmentDocumentsService } from '../documents/shipment-documents.service.js';
import { BarcodesDto } from '../collections/dto/collection.dto.js';
import { IDEMPOTENCY } from '../collections/collections.controller.js';
import {
  CloseShipmentDto,
  PrepareShipmentDto,
  ReceiptDto,
  ShipmentDetailDto,
  ShipmentDto,
  ShipmentQueryDto,
} from './dto/shipment.dto.js';
import { ShipmentsService } from './shipments.service.js';

/** Shipments (đợt luân chuyển): prepare, dispatch, receive, close. */
@ApiTags('rotation')
@ApiBearerAuth()
@Controller('rotation')
export class ShipmentsController {
  constructor(
    private readonly shipments: ShipmentsService,
    private readonly documents: ShipmentDocumentsService,
  ) {}

  @Post('collections/:id/shipments')
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      "Prepare the collection's next shipment (owner staff): to the next stage of its itinerary, or home after the last stage of a one-way one. Copies at the sender are packed; copies on loan or on a hold shelf are listed to follow. One open shipment per collection (409 rotation/shipment_open).",
  })
  @ApiCreatedResponse({ type: ShipmentDetailDto })
  async prepare(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: PrepareShipmentDto,
  ): Promise<ShipmentDetailDto> {
    return ShipmentDetailDto.ofView(await this.shipments.prepare(p, id, dto.note));
  }

  @Get('shipments')
  @Access('staff', 'network_admin')
  @ApiOperation({
    summary: 'Shipments sent from, sent to or owned by your institutions (administrators: in your jurisdiction).',
  })
  @ApiOkResponse({ type: [ShipmentDto] })
  async list(@CurrentPrincipal() p: Principal, @Query() q: ShipmentQueryDto): Promise<ShipmentDto[]> {
    return (await this.shipments.list(p, q, q)).map((s) => ShipmentDto.of(s));
  }

  @Get('shipments/:id')
  @Access('staff', 'network_admin')
  @ApiOperation({ summary: 'A shipment with its manifest, counts, and the unexpected barcodes scanned at receipt.' })
  @ApiOkResponse({ type: ShipmentDetailDto })
  @ApiNotFoundResponse({ description: 'rotation/shipment_not_found' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ShipmentDetailDto> {
    return ShipmentDetailDto.ofView(await this.shipments.get(p, id));
  }

  @Post('shipments/:id/dispatch')
  @HttpCode(200)
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Dispatch (owner or sender staff): packed copies go in transit, every copy’s base moves to the host, the manifest is frozen. Twice → 409 rotation/shipment_state.',
  })
  @ApiOkResponse({ type: ShipmentDetailDto })
  async dispatch(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ShipmentDetailDto> {
    return ShipmentDetailDto.ofView(await this.shipments.dispatch(p, id));
  }

  @Post('shipments/:id/receipts')
  @HttpCode(200)
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Receive (host staff): scan barcodes one at a time or as a list, idempotently. Barcodes not in the shipment are recorded as unexpected, never lost.',
  })
  @ApiOkResponse({ type: ReceiptDto })
  async receive(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: BarcodesDto,
  ): Promise<ReceiptDto> {
    return ReceiptDto.of(await this.shipments.receive(p, id, dto.barcodes));
  }

  @Post('shipments/:id/close')
  @HttpCode(200)
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Close (host or owner staff): copies never scanned become missing in transit (the follow-up list); damage on received copies is recorded.',
  })
  @ApiOkResponse({ type: ShipmentDetailDto })
  async close(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CloseShipmentDto,
  ): Promise<ShipmentDetailDto> {
    return ShipmentDetailDto.ofView(await this.shipments.close(p, id, dto));
  }

  @Post('shipments/:id/cancel')
  @HttpCode(200)
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Call off a shipment still being prepared (nothing has moved).' })
  @ApiOkResponse({ type: ShipmentDetailDto })
  async cancel(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<ShipmentDetailDto> {
    return ShipmentDetailDto.ofView(await this.shipments.cancel(p, id));
  }

  @Post('shipments/:id/manifest')
  @Access('staff', 'network_admin')
  @ApiTaskAccepted(
    'The manifest is being rendered: poll the Location (GET /tasks/{id}); its files are the PDF, XLSX and CSV (GET /tasks/{id}/files/{name})',
  )
  @ApiOperation({
    summary:
      'Render the manifest (biên bản giao nhận): sender, receiver, dates, the barcode, title and call number of every copy, totals, signature blocks for both sides; PDF in Vietnamese, XLSX and CSV. Staff at either end or of the owner; any size, as an on-demand task. A cancelled shipment → 409 rotation/shipment_state.',
  })
  @ApiNotFoundResponse({ description: 'rotation/shipment_not_found' })
  async manifest(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    return taskAccepted(res, await this.documents.start(p, id, 'manifest'));
  }

  @Post('shipments/:id/receipt-report')
  @Access('staff', 'network_admin')
  @ApiTaskAccepted(
    'The receipt report is being rendered: poll the Location (GET /tasks/{id}); its files are the PDF, XLSX and CSV',
  )
  @ApiOperation({
    summary:
      'Render the receipt report (biên bản kiểm nhận) with its discrepancies: copies received, missing (not yet received while open), damaged with their notes, unexpected barcodes, copies to follow. A shipment not yet dispatched → 409 rotation/shipment_state.',
  })
  @ApiNotFoundResponse({ description: 'rotation/shipment_not_found' })
  async receiptReport(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    return taskAccepted(res, await this.documents.start(p, id, 'receipt'));
  }
}
