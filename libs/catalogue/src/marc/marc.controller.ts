import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiHeader, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { CatalogueErrors } from '../catalogue.errors.js';
import { contentDisposition, readRawBody } from '../http-body.js';
import { MarcExportQueryDto, MarcImportQueryDto, MarcImportReportDto } from './dto/marc.dto.js';
import { MarcExportService } from './marc-export.service.js';
import { MARC_MAX_BYTES, MarcImportService } from './marc-import.service.js';

@ApiTags('catalogue')
@ApiBearerAuth()
@Controller('catalogue/marc')
export class MarcController {
  constructor(
    private readonly imports: MarcImportService,
    private readonly exports: MarcExportService,
  ) {}

  /**
   * Stage a MARC 21 file (binary ISO 2709 as application/marc, or MARCXML as application/marcxml+xml). Each record
   * is read and matched; bad ones are listed with their reason. Apply with POST …/apply (or ?apply=true).
   */
  @Post('imports')
  @Access('staff:cataloguing')
  @ApiConsumes('application/marc', 'application/marcxml+xml', 'application/xml')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeat with the same key and the same file replays the first report; another file with the key answers 422.' })
  @ApiOperation({ summary: 'Stage a MARC 21 file (ISO 2709 or MARCXML, at most 50 MB): each record is read and matched, bad ones listed with their reason; ?apply=true applies at once.' })
  @ApiCreatedResponse({ type: MarcImportReportDto, description: 'The batch report: one item per record with its planned or applied outcome' })
  async stage(@CurrentPrincipal() p: Principal | undefined, @Query() q: MarcImportQueryDto, @Req() req: Request): Promise<MarcImportReportDto> {
    const body = await readRawBody(req, MARC_MAX_BYTES, () => CatalogueErrors.fileTooLarge({ limit: MARC_MAX_BYTES, what: 'MARC import' }));
    const staged = await this.imports.stage(p, { institutionId: q.institutionId, onMatch: q.onMatch ?? 'skip', contentType: req.headers['content-type'], body, fileName: q.fileName });
    return MarcImportReportDto.of(q.apply === 'true' ? await this.imports.apply(p, staged.id) : staged);
  }

  @Get('imports/:id')
  @Access('staff:cataloguing')
  @ApiOperation({ summary: 'The report of a MARC import batch of my institution.' })
  @ApiOkResponse({ type: MarcImportReportDto, description: 'The batch report' })
  async report(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string): Promise<MarcImportReportDto> {
    return MarcImportReportDto.of(await this.imports.report(p, id));
  }

  /** Apply the batch; safe to repeat (only pending and failed records are tried again). */
  @Post('imports/:id/apply')
  @Access('staff:cataloguing')
  @ApiOperation({ summary: 'Apply a staged batch: create, overlay or skip each record; safe to repeat (only pending and failed records are tried again).' })
  @ApiCreatedResponse({ type: MarcImportReportDto, description: 'The batch report after applying' })
  async apply(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string): Promise<MarcImportReportDto> {
    return MarcImportReportDto.of(await this.imports.apply(p, id));
  }

  @Get('export')
  @Access('staff:cataloguing')
  @ApiOperation({ summary: 'Export records (at most 1000) as a MARCXML collection or binary ISO 2709, with 852 holdings.' })
  @ApiProduces('application/marcxml+xml', 'application/marc')
  @ApiOkResponse({ description: 'The records as a MARCXML collection or binary ISO 2709, with 852 holdings', schema: { type: 'string', format: 'binary' } })
  async export(@Query() q: MarcExportQueryDto, @Res() res: Response): Promise<void> {
    const format = q.format ?? 'marcxml';
    const out = await this.exports.export(q.ids, format);
    res.setHeader('Content-Type', `${out.mediaType}; charset=utf-8`);
    res.setHeader('Content-Disposition', contentDisposition('attachment', `catalogue.${format === 'iso2709' ? 'mrc' : 'xml'}`));
    res.send(out.body);
  }
}
