import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Access, CurrentPrincipal, Public, type Principal } from '@suotdoi/platform';
import { NetworkAccess } from '../network-access.js';
import { NetworkErrors } from '../network.errors.js';
import {
  AsOfQueryDto,
  CreateSuccessionDto,
  CreateUnitDto,
  EndUnitDto,
  LinkParentDto,
  ListUnitsQueryDto,
  PopulationDto,
  PopulationRowDto,
  RenameUnitDto,
  SuccessionDto,
  UnitDetailDto,
  UnitDto,
  UnitLinkDto,
  UnitNodeDto,
  UnitPageDto,
  UnitPageQueryDto,
} from './dto/unit.dto.js';
import { UnitsService } from './units.service.js';
import { UnitHistoryService } from './unit-history.service.js';

const IDEMPOTENCY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat the POST safely: the first response is replayed',
});

/** Administrative units (đơn vị hành chính), versioned: every read can be "as of" a date. */
@ApiTags('network')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(
    private readonly units: UnitsService,
    private readonly access: NetworkAccess,
    private readonly history: UnitHistoryService,
  ) {}

  /** Units valid on a date, each with its parent on that date, a page at a time. */
  @Get()
  @ApiOperation({
    summary:
      'Administrative units valid on a date, each with its parent on that date (by level, then name; limit/offset).',
  })
  @Public()
  @ApiOkResponse({ type: UnitPageDto })
  async list(@Query() q: UnitPageQueryDto): Promise<UnitPageDto> {
    return UnitPageDto.of(
      await this.units.page(
        q.asOf,
        { rootIds: q.rootId ? [q.rootId] : undefined, level: q.level, q: q.q?.normalize('NFC') },
        q,
      ),
    );
  }

  /** The tree as it was on a date (e.g. 2025-06-30 with districts, 2025-07-01 with two tiers). */
  @Get('tree')
  @ApiOperation({
    summary: 'The unit tree as it was on a date (e.g. 2025-06-30 with districts, 2025-07-01 with two tiers).',
  })
  @Public()
  @ApiOkResponse({ type: [UnitNodeDto] })
  async tree(@Query() q: ListUnitsQueryDto): Promise<UnitNodeDto[]> {
    return (await this.units.tree(q.asOf, q.rootId ? [q.rootId] : undefined)).map((n) => UnitNodeDto.tree(n));
  }

  @Get(':id')
  @ApiOperation({ summary: 'An administrative unit with its parent links over time.' })
  @Public()
  @ApiOkResponse({ type: UnitDetailDto })
  @ApiNotFoundResponse({ description: 'network/unit_not_found' })
  async get(@Param('id', ParseUUIDPipe) id: string, @Query() q: AsOfQueryDto): Promise<UnitDetailDto> {
    const u = await this.units.get(id, q.asOf);
    return { ...UnitDto.of(u), links: (await this.units.links(id)).map((l) => UnitLinkDto.of(l)) };
  }

  @Post()
  @ApiOperation({ summary: 'Create an administrative unit.' })
  @Access('system_admin')
  @IDEMPOTENCY
  @ApiCreatedResponse({ type: UnitDto })
  async create(@Body() body: CreateUnitDto): Promise<UnitDto> {
    return UnitDto.of(await this.units.create({ ...body, name: body.name.normalize('NFC') }));
  }

  /** Put the unit under a parent for a period (e.g. communes under the province from 2025-07-01). */
  @Post(':id/parents')
  @ApiOperation({
    summary: 'Put the unit under a parent for a period (e.g. communes under the province from 2025-07-01).',
  })
  @Access('system_admin')
  @IDEMPOTENCY
  @ApiCreatedResponse({ type: [UnitLinkDto] })
  async link(@Param('id', ParseUUIDPipe) id: string, @Body() body: LinkParentDto): Promise<UnitLinkDto[]> {
    return (await this.units.linkParent(id, body.parentId, body.validFrom, body.validTo ?? null)).map((l) =>
      UnitLinkDto.of(l),
    );
  }

  /** The unit ceases to exist after `validTo` (history is kept). */
  @Post(':id/end')
  @ApiOperation({ summary: 'End the unit after a date (its history is kept).' })
  @HttpCode(200)
  @Access('system_admin')
  @ApiOkResponse({ type: UnitDto })
  async end(@Param('id', ParseUUIDPipe) id: string, @Body() body: EndUnitDto): Promise<UnitDto> {
    return UnitDto.of(await this.units.end(id, body.validTo));
  }

  @Post(':id/successors')
  @ApiOperation({
    summary: 'Record which unit took over this one after a reorganisation (plans of the old unit follow it).',
    description:
      'The unit must have ended the day before `effectiveOn`. Recording the same pair again changes nothing.',
  })
  @HttpCode(200)
  @Access('system_admin')
  @IDEMPOTENCY
  @ApiOkResponse({ type: [SuccessionDto] })
  async succeed(@Param('id', ParseUUIDPipe) id: string, @Body() body: CreateSuccessionDto): Promise<SuccessionDto[]> {
    await this.history.recordSuccession(id, body.successorId, body.effectiveOn, body.kind);
    return (await this.history.successions(id)).map((s) => SuccessionDto.of(s));
  }

  @Get(':id/successions')
  @ApiOperation({ summary: 'Successions this unit took part in, as predecessor or successor.' })
  @Access('network_admin', 'system_admin')
  @ApiOkResponse({ type: [SuccessionDto] })
  async successions(@Param('id', ParseUUIDPipe) id: string): Promise<SuccessionDto[]> {
    await this.units.get(id);
    return (await this.history.successions(id)).map((s) => SuccessionDto.of(s));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename the unit.' })
  @Access('system_admin')
  @ApiOkResponse({ type: UnitDto })
  async rename(@Param('id', ParseUUIDPipe) id: string, @Body() body: RenameUnitDto): Promise<UnitDto> {
    await this.units.get(id);
    return UnitDto.of(await this.units.rename(id, body.name));
  }

  @Get(':id/population')
  @ApiOperation({ summary: 'Population of the unit, year by year.' })
  @Public()
  @ApiOkResponse({ type: [PopulationRowDto] })
  async population(@Param('id', ParseUUIDPipe) id: string): Promise<PopulationRowDto[]> {
    await this.units.get(id);
    return this.units.populations([id]);
  }

  /** Population of the unit in a year (participation targets are shares of it). */
  @Put(':id/population/:year')
  @ApiOperation({ summary: 'Set the unit’s population in a year (participation targets are shares of it).' })
  @Access('network_admin', 'system_admin')
  @ApiOkResponse({ type: [PopulationRowDto] })
  async setPopulation(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('year', ParseIntPipe) year: number,
    @Body() body: PopulationDto,
  ): Promise<PopulationRowDto[]> {
    if (!(await this.access.administersUnit(p, id))) throw NetworkErrors.unitNotFound({ unitId: id });
    if (year < 1900 || year > 2200) throw NetworkErrors.invalidRange();
    await this.units.setPopulation(id, year, body.population, body.source?.normalize('NFC') ?? null);
    return this.units.populations([id]);
  }
}
