import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { CopiesService } from '../copies/copies.service.js';
import { DigitalResourcesService } from '../digital/digital-resources.service.js';
import { CreateDigitalResourceDto } from '../digital/dto/digital-resource.dto.js';
import { contentDisposition, contentLength } from '../http-body.js';
import { MarcExportService } from '../marc/marc-export.service.js';
import { CreateRecordDto, UpdateRecordDto } from './dto/record.dto.js';
import { RecordsService } from './records.service.js';

/** DTO instances carry every declared field, unset ones as undefined; keep only what the client sent. */
const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

const IDEMPOTENCY = { name: 'Idempotency-Key', required: false, description: 'Repeat a POST safely: the first response is replayed' };

@ApiTags('catalogue')
@Controller('catalogue/records')
export class RecordsController {
  constructor(
    private readonly records: RecordsService,
    private readonly copies: CopiesService,
    private readonly digital: DigitalResourcesService,
    private readonly marc: MarcExportService,
  ) {}

  /** Record page: the record, holdings per institution (on the shelf now) and digital resources. No sign-in. */
  @Get(':id')
  @Access('public')
  @ApiOkResponse({ description: 'The record with its holdings and digital resources' })
  page(@Param('id', ParseUUIDPipe) id: string) {
    return this.records.page(id);
  }

  @Get(':id/copies')
  @Access('public')
  @ApiOkResponse({ description: 'Every copy of the record with its status and location' })
  copiesOf(@Param('id', ParseUUIDPipe) id: string) {
    return this.records.get(id).then(() => this.copies.forRecord(id));
  }

  @Post()
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ description: 'The record as stored (ISBNs normalised to ISBN-13)' })
  create(@CurrentPrincipal() p: Principal | undefined, @Body() dto: CreateRecordDto) {
    const { institutionId, ...fields } = dto;
    return this.records.create(p, institutionId, {
      controlNumber: null, subtitle: null, responsibility: null, publisher: null, place: null, year: null, edition: null, ddc: null, series: null, summary: null,
      authors: [], isbns: [], subjects: [], audience: 'adult', accessibleFormats: [], localContent: false,
      ...definedOnly(fields),
      title: fields.title,
      language: fields.language,
    });
  }

  @Patch(':id')
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'The updated record' })
  update(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateRecordDto) {
    const { version, ...patch } = dto;
    return this.records.update(p, id, patch, version);
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiNoContentResponse({ description: 'Deleted (only records without copies or digital resources)' })
  async remove(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.records.delete(p, id);
  }

  @Post(':id/digital-resources')
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiHeader(IDEMPOTENCY)
  @ApiCreatedResponse({ description: 'The digital resource, without a file yet (PUT its file next)' })
  addDigital(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateDigitalResourceDto) {
    return this.digital.create(p, { recordId: id, institutionId: dto.institutionId, kind: dto.kind, access: dto.access ?? 'open', label: dto.label });
  }

  @Put(':id/cover')
  @HttpCode(204)
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiConsumes('image/jpeg', 'image/png', 'image/webp')
  @ApiNoContentResponse({ description: 'Cover stored (at most 5 MB)' })
  async putCover(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request): Promise<void> {
    await this.digital.uploadCover(p, id, { body: req, contentType: req.headers['content-type'], contentLength: contentLength(req) });
  }

  @Get(':id/cover')
  @Access('public')
  @ApiOkResponse({ description: 'The cover image' })
  async cover(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    const file = await this.digital.cover(id);
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Cache-Control', 'public, max-age=3600');
    file.stream.pipe(res);
  }

  @Get(':id/marc')
  @Access('public')
  @ApiOkResponse({ description: 'The record as MARC 21 (MARCXML by default, ?format=iso2709 for binary)' })
  async marcOf(@Param('id', ParseUUIDPipe) id: string, @Query('format') format: string | undefined, @Res() res: Response): Promise<void> {
    const f = format === 'iso2709' ? 'iso2709' : 'marcxml';
    const out = await this.marc.export([id], f);
    res.setHeader('Content-Type', `${out.mediaType}; charset=utf-8`);
    res.setHeader('Content-Disposition', contentDisposition('attachment', `${id}.${f === 'iso2709' ? 'mrc' : 'xml'}`));
    res.send(out.body);
  }
}
