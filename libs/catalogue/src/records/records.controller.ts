import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { CopiesService } from '../copies/copies.service.js';
import { DigitalResourcesService } from '../digital/digital-resources.service.js';
import { isStaffAt } from '../access.js';
import { CopyDto } from '../copies/dto/copy.dto.js';
import { CreateDigitalResourceDto, DigitalResourceDto } from '../digital/dto/digital-resource.dto.js';
import { contentDisposition, contentLength } from '../http-body.js';
import { MarcExportService } from '../marc/marc-export.service.js';
import { UPLOAD_RULES } from '../storage/media-types.js';
import { BibRecordDto, CreateRecordDto, RecordDetailDto, UpdateRecordDto } from './dto/record.dto.js';
import { RecordsService } from './records.service.js';

/** DTO instances carry every declared field, unset ones as undefined; keep only what the client sent. */
const definedOnly = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

const IDEMPOTENCY = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat a POST safely: the first response is replayed',
};

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
  @ApiOperation({
    summary:
      'Record page: the record, which institutions hold it and how many are on the shelf now, and its digital resources.',
  })
  @ApiOkResponse({ type: RecordDetailDto, description: 'The record with its holdings and digital resources' })
  async page(@Param('id', ParseUUIDPipe) id: string): Promise<RecordDetailDto> {
    return RecordDetailDto.of(await this.records.page(id));
  }

  @Get(':id/copies')
  @Access('public')
  @ApiOperation({ summary: 'Every copy of the record with its status and location.' })
  @ApiOkResponse({ type: [CopyDto], description: 'Every copy of the record with its status and location' })
  async copiesOf(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<CopyDto[]> {
    await this.records.get(id);
    return (await this.copies.forRecord(id)).map((c) => CopyDto.of(c, isStaffAt(p, c.homeInstitutionId)));
  }

  @Post()
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({
    summary: 'Catalogue a record (cataloguing role at the owning institution); ISBNs are stored as ISBN-13.',
  })
  @ApiCreatedResponse({ type: BibRecordDto, description: 'The record as stored (ISBNs normalised to ISBN-13)' })
  async create(@CurrentPrincipal() p: Principal | undefined, @Body() dto: CreateRecordDto): Promise<BibRecordDto> {
    const { institutionId, ...fields } = dto;
    const record = await this.records.create(p, institutionId, {
      controlNumber: null,
      subtitle: null,
      responsibility: null,
      publisher: null,
      place: null,
      year: null,
      edition: null,
      ddc: null,
      series: null,
      summary: null,
      authors: [],
      isbns: [],
      subjects: [],
      audience: 'adult',
      accessibleFormats: [],
      localContent: false,
      ...definedOnly(fields),
      title: fields.title,
      language: fields.language,
    });
    return BibRecordDto.of(record);
  }

  @Patch(':id')
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Edit a record of my institution; with `version`, refused (409) if it changed meanwhile.' })
  @ApiOkResponse({ type: BibRecordDto, description: 'The updated record' })
  async update(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateRecordDto,
  ): Promise<BibRecordDto> {
    const { version, ...patch } = dto;
    return BibRecordDto.of(await this.records.update(p, id, patch, version));
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Delete a record that has no copies (other than withdrawn ones) and no digital resources.' })
  @ApiNoContentResponse({ description: 'Deleted (only records without copies or digital resources)' })
  async remove(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.records.delete(p, id);
  }

  @Post(':id/digital-resources')
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiHeader(IDEMPOTENCY)
  @ApiOperation({
    summary:
      'Add a digital resource (e-book, audiobook, video, heritage document) to the record; upload its file next.',
  })
  @ApiCreatedResponse({
    type: DigitalResourceDto,
    description: 'The digital resource, without a file yet (PUT its file next)',
  })
  async addDigital(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CreateDigitalResourceDto,
  ): Promise<DigitalResourceDto> {
    return DigitalResourceDto.of(
      await this.digital.create(p, {
        recordId: id,
        institutionId: dto.institutionId,
        kind: dto.kind,
        access: dto.access ?? 'open',
        label: dto.label,
      }),
    );
  }

  @Put(':id/cover')
  @HttpCode(204)
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiConsumes(...UPLOAD_RULES.cover.mediaTypes)
  @ApiOperation({ summary: 'Upload or replace the cover image: the bytes as the body, JPEG or PNG, at most 5 MB.' })
  @ApiNoContentResponse({ description: 'Cover stored (at most 5 MB)' })
  async putCover(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
  ): Promise<void> {
    await this.digital.uploadCover(p, id, {
      body: req,
      contentType: req.headers['content-type'],
      contentLength: contentLength(req),
    });
  }

  @Get(':id/cover')
  @Access('public')
  @ApiOperation({ summary: 'The cover image (404 when the record has none).' })
  @ApiProduces(...UPLOAD_RULES.cover.mediaTypes)
  @ApiOkResponse({ description: 'The cover image', schema: { type: 'string', format: 'binary' } })
  async cover(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    const file = await this.digital.cover(id);
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Cache-Control', 'public, max-age=3600');
    file.stream.pipe(res);
  }

  @Get(':id/marc')
  @Access('public')
  @ApiOperation({
    summary: 'The record as MARC 21 with its holdings: MARCXML by default, binary ISO 2709 with ?format=iso2709.',
  })
  @ApiQuery({ name: 'format', required: false, enum: ['marcxml', 'iso2709'] })
  @ApiProduces('application/marcxml+xml', 'application/marc')
  @ApiOkResponse({
    description: 'The record as MARC 21 (MARCXML by default, ?format=iso2709 for binary)',
    schema: { type: 'string', format: 'binary' },
  })
  async marcOf(
    @Param('id', ParseUUIDPipe) id: string,
    @Query('format') format: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const f = format === 'iso2709' ? 'iso2709' : 'marcxml';
    const out = await this.marc.export([id], f);
    res.setHeader('Content-Type', `${out.mediaType}; charset=utf-8`);
    res.setHeader('Content-Disposition', contentDisposition('attachment', `${id}.${f === 'iso2709' ? 'mrc' : 'xml'}`));
    res.send(out.body);
  }
}
