import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { CollectionsService } from './collections.service.js';
import {
  AddCopiesResultDto,
  BarcodesDto,
  CollectionDetailDto,
  CollectionDto,
  CollectionPageDto,
  CollectionQueryDto,
  CollectionCopyDto,
  CreateCollectionDto,
  JourneyStepDto,
  MakeupDto,
  RemoveCopiesResultDto,
  UpdateCollectionDto,
} from './dto/collection.dto.js';

export const IDEMPOTENCY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat the POST safely: the first response is replayed.',
});

/** Rotating collections (bộ sách luân chuyển). */
@ApiTags('rotation')
@ApiBearerAuth()
@Controller('rotation/collections')
export class CollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Post()
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Create a rotating collection owned by one of your institutions (its circulation staff).' })
  @ApiCreatedResponse({ type: CollectionDto })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateCollectionDto): Promise<CollectionDto> {
    return CollectionDto.of(await this.collections.create(p, dto));
  }

  @Get()
  @Access('staff', 'network_admin')
  @ApiOperation({ summary: 'Collections owned by or now at your institutions (administrators: in your jurisdiction).' })
  @ApiOkResponse({ type: CollectionPageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: CollectionQueryDto): Promise<CollectionPageDto> {
    const page = await this.collections.list(p, q, q);
    return { ...page, items: page.items.map((c) => CollectionDto.of(c)) };
  }

  @Get(':id')
  @Access('staff', 'network_admin')
  @ApiOperation({
    summary:
      'A collection with its copies (status, where they are, their base) and its make-up by subject, language and audience.',
  })
  @ApiOkResponse({ type: CollectionDetailDto })
  @ApiNotFoundResponse({ description: 'rotation/collection_not_found' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CollectionDetailDto> {
    const { collection, copies, makeup } = await this.collections.copiesOf(p, id);
    return {
      ...CollectionDto.of(collection),
      members: copies.map((c) => CollectionCopyDto.of(c)),
      makeup: MakeupDto.of(makeup),
    };
  }

  @Patch(':id')
  @Access('staff:circulation')
  @ApiOperation({ summary: 'Rename a collection, change its notes or themes (owner staff).' })
  @ApiOkResponse({ type: CollectionDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateCollectionDto,
  ): Promise<CollectionDto> {
    return CollectionDto.of(await this.collections.update(p, id, dto));
  }

  @Post(':id/retire')
  @HttpCode(200)
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({ summary: 'Retire a collection that is home and not travelling: its copies leave it.' })
  @ApiOkResponse({ type: CollectionDto })
  async retire(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<CollectionDto> {
    return CollectionDto.of(await this.collections.retire(p, id));
  }

  @Post(':id/copies')
  @HttpCode(200)
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Add copies by barcode, all or nothing: unknown barcodes (422 rotation/unknown_barcodes), copies of another owner (422 rotation/copies_of_another_owner) or in another active collection (409 rotation/copy_in_another_collection) refuse the list.',
  })
  @ApiOkResponse({ type: AddCopiesResultDto })
  async add(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: BarcodesDto,
  ): Promise<AddCopiesResultDto> {
    const r = await this.collections.addCopies(p, id, dto.barcodes);
    return { added: r.added, alreadyIn: r.alreadyIn };
  }

  @Post(':id/copies/remove')
  @HttpCode(200)
  @Access('staff:circulation')
  @IDEMPOTENCY
  @ApiOperation({
    summary:
      'Remove copies by barcode (all or nothing); a copy leaving a collection belongs at home again. Copies in an open shipment cannot leave.',
  })
  @ApiOkResponse({ type: RemoveCopiesResultDto })
  async remove(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: BarcodesDto,
  ): Promise<RemoveCopiesResultDto> {
    return { removed: (await this.collections.removeCopies(p, id, dto.barcodes)).removed };
  }

  @Get(':id/copies/:barcode/journey')
  @Access('staff', 'network_admin')
  @ApiOperation({
    summary: "A copy's journey with the collection: added, dispatched, received, missing, damaged… in order.",
  })
  @ApiOkResponse({ type: [JourneyStepDto] })
  async journey(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('barcode') barcode: string,
  ): Promise<JourneyStepDto[]> {
    return (await this.collections.journey(p, id, barcode)).map((j) => JourneyStepDto.of(j));
  }
}
