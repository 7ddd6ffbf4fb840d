import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { isStaffAt } from '../access.js';
import { CopiesService } from './copies.service.js';
import { CopyDto, CreateCopyDto, UpdateCopyDto } from './dto/copy.dto.js';

@ApiTags('catalogue')
@Controller('catalogue/copies')
export class CopiesController {
  constructor(private readonly copies: CopiesService) {}

  @Post()
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat a POST safely: the first response is replayed',
  })
  @ApiOperation({ summary: 'Add a copy of a record with a unique barcode (cataloguing role at its home institution).' })
  @ApiCreatedResponse({ type: CopyDto, description: 'The copy (needs the cataloguing role at its home institution)' })
  async create(@CurrentPrincipal() p: Principal | undefined, @Body() dto: CreateCopyDto): Promise<CopyDto> {
    return CopyDto.of(await this.copies.create(p, dto));
  }

  @Get('by-barcode/:barcode')
  @Access('staff')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Find a copy by its barcode (case-insensitive), as scanned at the desk.' })
  @ApiOkResponse({ type: CopyDto, description: 'The copy with this barcode (case-insensitive)' })
  async byBarcode(@Param('barcode') barcode: string): Promise<CopyDto> {
    return CopyDto.of(await this.copies.byBarcode(barcode));
  }

  @Get(':id')
  @Access('public')
  @ApiOperation({ summary: 'A copy with its status and location.' })
  @ApiOkResponse({ type: CopyDto, description: 'A copy with its status and location' })
  async get(@CurrentPrincipal() p: Principal | undefined, @Param('id', ParseUUIDPipe) id: string): Promise<CopyDto> {
    const copy = await this.copies.get(id);
    return CopyDto.of(copy, isStaffAt(p, copy.homeInstitutionId));
  }

  @Patch(':id')
  @Access('staff:cataloguing')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Edit a copy of my institution (a withdrawn copy stays withdrawn); with `version`, refused (409) if it changed meanwhile.',
  })
  @ApiOkResponse({ type: CopyDto, description: 'The updated copy' })
  async update(
    @CurrentPrincipal() p: Principal | undefined,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCopyDto,
  ): Promise<CopyDto> {
    const { version, ...patch } = dto;
    return CopyDto.of(await this.copies.update(p, id, patch, version));
  }
}
