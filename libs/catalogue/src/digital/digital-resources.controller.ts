import { Controller, Get, Param, ParseUUIDPipe, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { DIGITAL_KINDS } from '../catalogue.types.js';
import { contentDisposition, contentLength } from '../http-body.js';
import { UPLOAD_RULES } from '../storage/media-types.js';
import { DigitalResourcesService } from './digital-resources.service.js';
import { DigitalResourceDto } from './dto/digital-resource.dto.js';

/** Every media type a digital resource's file may have (each kind accepts some of them). */
const FILE_MEDIA_TYPES = [...new Set(DIGITAL_KINDS.flatMap((k) => UPLOAD_RULES[k].mediaTypes))];

@ApiTags('catalogue')
@Controller('catalogue/digital-resources')
export class DigitalResourcesController {
  constructor(private readonly digital: DigitalResourcesService) {}

  @Get(':id')
  @Access('public')
  @ApiOperation({ summary: 'A digital resource: kind, access rule and file metadata (not the file).' })
  @ApiOkResponse({ type: DigitalResourceDto, description: 'The digital resource (metadata)' })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<DigitalResourceDto> {
    return DigitalResourceDto.of(await this.digital.get(id));
  }

  /** Upload or replace the file. Send the bytes as the body with their Content-Type; size and type are checked. */
  @Put(':id/file')
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiConsumes(...FILE_MEDIA_TYPES)
  @ApiOperation({
    summary:
      'Upload or replace the file: the bytes as the body with their Content-Type (optional X-File-Name, URI-encoded); size and type are checked.',
  })
  @ApiOkResponse({
    type: DigitalResourceDto,
    description: 'The resource with its file; 413 past the kind’s size limit, 415 for another type',
  })
  async upload(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
  ): Promise<DigitalResourceDto> {
    const name = req.headers['x-file-name'];
    const stored = await this.digital.upload(p, id, {
      body: req,
      contentType: req.headers['content-type'],
      contentLength: contentLength(req),
      fileName: typeof name === 'string' ? decodeURIComponent(name) : null,
    });
    return DigitalResourceDto.of(stored);
  }

  /** The file itself: open access for anyone, otherwise an active e-loan or staff of the owning institution. */
  @Get(':id/file')
  @Access('public')
  @ApiOperation({
    summary: 'The file itself: open access for anyone, otherwise an active e-loan or staff of the owning institution.',
  })
  @ApiProduces(...FILE_MEDIA_TYPES)
  @ApiOkResponse({ description: 'The file, in its own media type', schema: { type: 'string', format: 'binary' } })
  async download(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.digital.download(p, id, { ip: req.ip, userAgent: req.headers['user-agent'] });
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', contentDisposition('inline', file.fileName));
    res.setHeader('Cache-Control', 'private, no-store');
    file.stream.pipe(res);
  }
}
