import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { CopiesService } from './copies.service.js';
import { CreateCopyDto, UpdateCopyDto } from './dto/copy.dto.js';

@ApiTags('catalogue')
@Controller('catalogue/copies')
export class CopiesController {
  constructor(private readonly copies: CopiesService) {}

  @Post()
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a POST safely: the first response is replayed' })
  @ApiCreatedResponse({ description: 'The copy (needs the cataloguing role at its home institution)' })
  create(@CurrentPrincipal() p: Principal | undefined, @Body() dto: CreateCopyDto) {
    return this.copies.create(p, dto);
  }

  @Get('by-barcode/:barcode')
  @Access('staff')
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'The copy with this barcode (case-insensitive)' })
  byBarcode(@Param('barcode') barcode: string) {
    return this.copies.byBarcode(barcode);
  }

  @Get(':id')
  @Access('public')
  @ApiOkResponse({ description: 'A copy with its status and location' })
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.copies.get(id);
  }

  @Patch(':id')
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'The updated copy' })
  update(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateCopyDto) {
    const { version, ...patch } = dto;
    return this.copies.update(p, id, patch, version);
  }
}
