import { Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConsumes,
  ApiHeader,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, ApiTaskAccepted, CurrentPrincipal, TaskDto, taskAccepted, type Principal } from '@suotdoi/platform';
import { CatalogueErrors } from '../catalogue.errors.js';
import { contentDisposition, readRawBody } from '../http-body.js';
import { codeTable, MarcExportQueryDto, MarcImportQueryDto, MarcImportReportDto } from './dto/marc.dto.js';
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
   * is read and matched (the preview); bad ones are listed with their reason. Holdings (852 with 876, Koha's 952)
   * become copies on apply; their library codes are looked up in the code table of the request. Apply with POST …/apply, or stage and
   * start applying at once with ?apply=true (then the answer is 202 with the task).
   */
  @Post('imports')
  @Access('staff:cataloguing')
  @ApiConsumes('application/marc', 'application/marcxml+xml', 'application/xml')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'A repeat with the same key and the same file replays the first report; another file with the key answers 422.',
  })
  @ApiOperation({
    summary:
      'Stage a MARC 21 file (ISO 2709 or MARCXML, at most 50 MB): each record is read and matched, bad ones listed with their reason; holdings (852 with 876, Koha’s 952) become copies, their library codes looked up in libraryCodes, each refusal reported per holding in English and Vietnamese; ?apply=true also starts applying it (202 with the task).',
  })
  @ApiCreatedResponse({
    type: MarcImportReportDto,
    description: 'Staged: the batch report, one item per record with its planned outcome (the preview)',
  })
  @ApiAcceptedResponse({
    type: TaskDto,
    description:
      'With ?apply=true: staged, and the apply task queued; poll the Location (GET /tasks/{id}); the batch report shows each outcome',
    headers: { Location: { description: '/tasks/{id}', schema: { type: 'string' } } },
  })
  async stage(
    @CurrentPrincipal() p: Principal | undefined,
    @Query() q: MarcImportQueryDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MarcImportReportDto | TaskDto> {
    const body = await readRawBody(req, MARC_MAX_BYTES, () =>
      CatalogueErrors.fileTooLarge({ limit: MARC_MAX_BYTES, what: 'MARC import' }),
    );
    const staged = await this.imports.stage(p, {
      institutionId: q.institutionId,
      onMatch: q.onMatch ?? 'skip',
      contentType: req.headers['content-type'],
      body,
      fileName: q.fileName,
      libraryCodes: codeTable(q.libraryCodes),
    });
    if (q.apply !== 'true') return MarcImportReportDto.of(staged);
    res.status(202);
    return taskAccepted(res, await this.imports.startApply(p, staged.id));
  }

  @Get('imports/:id')
  @Access('staff:cataloguing')
  @ApiOperation({ summary: 'The report of a MARC import batch of my institution.' })
  @ApiOkResponse({ type: MarcImportReportDto, description: 'The batch report' })
  async report(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<MarcImportReportDto> {
    return MarcImportReportDto.of(await this.imports.report(p, id));
  }

  /** Apply the batch as a task; safe to repeat (only pending and failed records are tried again). */
  @Post('imports/:id/apply')
  @Access('staff:cataloguing')
  @ApiOperation({
    summary:
      'Start applying a staged batch (a task: 202, poll GET /tasks/{id}): create, overlay or skip each record, each with its outcome in one transaction; safe to repeat (only pending and failed records are tried again).',
  })
  @ApiTaskAccepted(
    'The apply task is queued: poll the Location (GET /tasks/{id}); its result has the counts by outcome, and GET /catalogue/marc/imports/{id} each record’s outcome',
  )
  async apply(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    return taskAccepted(res, await this.imports.startApply(p, id));
  }

  @Get('export')
  @Access('staff:cataloguing')
  @ApiOperation({
    summary:
      'Export records (at most 1000) as a MARCXML collection or binary ISO 2709: an 852 per copy ($a library code, $c shelf location, $h call number, $p barcode) with an 876 ($c price, $d acquisition date), subjects with their subdivision kinds.',
  })
  @ApiProduces('application/marcxml+xml', 'application/marc')
  @ApiOkResponse({
    description: 'The records as a MARCXML collection or binary ISO 2709, with 852 holdings',
    schema: { type: 'string', format: 'binary' },
  })
  async export(@Query() q: MarcExportQueryDto, @Res() res: Response): Promise<void> {
    const format = q.format ?? 'marcxml';
    const out = await this.exports.export(q.ids, format);
    res.setHeader('Content-Type', `${out.mediaType}; charset=utf-8`);
    res.setHeader(
      'Content-Disposition',
      contentDisposition('attachment', `catalogue.${format === 'iso2709' ? 'mrc' : 'xml'}`),
    );
    res.send(out.body);
  }
}
