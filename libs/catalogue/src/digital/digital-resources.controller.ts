import { Controller, Get, Param, ParseUUIDPipe, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { contentDisposition, contentLength } from '../http-body.js';
import { DigitalResourcesService } from './digital-resources.service.js';

@ApiTags('catalogue')
@Controller('catalogue/digital-resources')
export class DigitalResourcesController {
  constructor(private readonly digital: DigitalResourcesService) {}

  @Get(':id')
  @Access('public')
  @ApiOkResponse({ description: 'The digital resource (metadata)' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.digital.get(id);
  }

  /** Upload or replace the file. Send the bytes as the body with their Content-Type; size and type are checked. */
  @Put(':id/file')
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiConsumes('application/epub+zip', 'application/pdf', 'audio/mpeg', 'audio/mp4', 'application/zip', 'video/mp4', 'video/webm', 'image/jpeg', 'image/png', 'image/tiff')
  @ApiOkResponse({ description: 'The resource with its file; 413 past the kind’s size limit, 415 for another type' })
  upload(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request) {
    const name = req.headers['x-file-name'];
    return this.digital.upload(p, id, {
      body: req,
      contentType: req.headers['content-type'],
      contentLength: contentLength(req),
      fileName: typeof name === 'string' ? decodeURIComponent(name) : null,
    });
  }

  /** The file itself: open access for anyone, otherwise an active e-loan or staff of the owning institution. */
  @Get(':id/file')
  @Access('public')
  @ApiOkResponse({ description: 'The file' })
  async download(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const file = await this.digital.download(p, id, { ip: req.ip, userAgent: req.headers['user-agent'] });
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', contentDisposition('inline', file.fileName));
    res.setHeader('Cache-Control', 'private, no-store');
    file.stream.pipe(res);
  }
}
