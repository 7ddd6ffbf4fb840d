import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { CatalogueErrors } from '../catalogue.errors.js';
import { contentDisposition, readRawBody } from '../http-body.js';
import { MarcExportQueryDto, MarcImportQueryDto } from './dto/marc.dto.js';
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
  @ApiCreatedResponse({ description: 'The batch report: one item per record with its planned or applied outcome' })
  async stage(@CurrentPrincipal() p: Principal | undefined, @Query() q: MarcImportQueryDto, @Req() req: Request) {
    const body = await readRawBody(req, MARC_MAX_BYTES, () => CatalogueErrors.fileTooLarge({ limit: MARC_MAX_BYTES, what: 'MARC import' }));
    const staged = await this.imports.stage(p, { institutionId: q.institutionId, onMatch: q.onMatch ?? 'skip', contentType: req.headers['content-type'], body, fileName: q.fileName });
    return q.apply === 'true' ? this.imports.apply(p, staged.id) : staged;
  }

  @Get('imports/:id')
  @Access('staff:cataloguing')
  @ApiOkResponse({ description: 'The batch report' })
  report(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string) {
    return this.imports.report(p, id);
  }

  /** Apply the batch; safe to repeat (only pending and failed records are tried again). */
  @Post('imports/:id/apply')
  @Access('staff:cataloguing')
  @ApiOkResponse({ description: 'The batch report after applying' })
  apply(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string) {
    return this.imports.apply(p, id);
  }

  @Get('export')
  @Access('staff:cataloguing')
  @ApiOkResponse({ description: 'The records as a MARCXML collection or binary ISO 2709, with 852 holdings' })
  async export(@Query() q: MarcExportQueryDto, @Res() res: Response): Promise<void> {
    const format = q.format ?? 'marcxml';
    const out = await this.exports.export(q.ids, format);
    res.setHeader('Content-Type', `${out.mediaType}; charset=utf-8`);
    res.setHeader('Content-Disposition', contentDisposition('attachment', `catalogue.${format === 'iso2709' ? 'mrc' : 'xml'}`));
    res.send(out.body);
  }
}
