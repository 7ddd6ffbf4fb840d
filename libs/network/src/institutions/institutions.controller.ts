import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
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
import { AsOfQueryDto } from '../units/dto/unit.dto.js';
import { UnitsService } from '../units/units.service.js';
import {
  CreateInstitutionDto,
  CreateServicePointDto,
  InstitutionDetailDto,
  InstitutionDto,
  InstitutionPageDto,
  ListInstitutionsQueryDto,
  MembershipDto,
  MoveInstitutionDto,
  ServicePointDto,
  UpdateInstitutionDto,
  UpdateServicePointDto,
} from './dto/institution.dto.js';
import { InstitutionsService } from './institutions.service.js';

const IDEMPOTENCY = ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Repeat the POST safely: the first response is replayed',
});

/** Libraries of every legal type, museums, cultural centres and houses, community learning centres. */
@ApiTags('network')
@ApiBearerAuth()
@Controller()
export class InstitutionsController {
  constructor(
    private readonly institutions: InstitutionsService,
    private readonly units: UnitsService,
    private readonly access: NetworkAccess,
  ) {}

  /** The public directory of institutions (filter by unit subtree, type, level, name). */
  @Get('institutions')
  @ApiOperation({ summary: 'The public directory of institutions (filter by unit subtree, type, level, name).' })
  @Public()
  @ApiOkResponse({ type: InstitutionPageDto })
  async list(@Query() q: ListInstitutionsQueryDto): Promise<InstitutionPageDto> {
    const unitIds = q.unitId ? await this.units.unitsUnder([q.unitId], q.asOf) : undefined;
    const res = await this.institutions.list(
      { unitIds, types: q.type, level: q.level, q: q.q?.normalize('NFC') },
      q,
      q.asOf,
    );
    return { ...res, items: res.items.map((i) => InstitutionDto.of(i)) };
  }

  @Get('institutions/:id')
  @ApiOperation({ summary: 'An institution with its unit memberships over time and its service points.' })
  @Public()
  @ApiOkResponse({ type: InstitutionDetailDto })
  @ApiNotFoundResponse({ description: 'network/institution_not_found' })
  async get(@Param('id', ParseUUIDPipe) id: string, @Query() q: AsOfQueryDto): Promise<InstitutionDetailDto> {
    const i = await this.institutions.get(id, q.asOf);
    const [memberships, points] = await Promise.all([
      this.institutions.memberships(id),
      this.institutions.servicePoints(id),
    ]);
    return {
      ...InstitutionDto.of(i),
      memberships: memberships.map((m) => MembershipDto.of(m)),
      servicePoints: points.map((s) => ServicePointDto.of(s)),
    };
  }

  /** Network administrators add institutions in their jurisdiction (system administrators anywhere). */
  @Post('institutions')
  @ApiOperation({
    summary: 'Add an institution (network administrators: in their jurisdiction; system administrators: anywhere).',
  })
  @Access('network_admin', 'system_admin')
  @IDEMPOTENCY
  @ApiCreatedResponse({ type: InstitutionDto })
  async create(@CurrentPrincipal() p: Principal, @Body() body: CreateInstitutionDto): Promise<InstitutionDto> {
    if (!(await this.access.administersUnit(p, body.unitId))) throw NetworkErrors.unitNotFound({ unitId: body.unitId });
    return InstitutionDto.of(await this.institutions.create({ ...body, name: body.name.normalize('NFC') }));
  }

  @Patch('institutions/:id')
  @ApiOperation({ summary: 'Change an institution’s details.' })
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiOkResponse({ type: InstitutionDto })
  async update(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateInstitutionDto,
  ): Promise<InstitutionDto> {
    if (!(await this.access.managesInstitution(p, id))) throw NetworkErrors.institutionNotFound({ institutionId: id });
    return InstitutionDto.of(await this.institutions.update(id, body));
  }

  /** The institution belongs to another unit from a date (e.g. to the merged commune from 2025-07-01). */
  @Post('institutions/:id/moves')
  @ApiOperation({
    summary: 'Move the institution to another unit from a date (e.g. to the merged commune from 2025-07-01).',
  })
  @Access('network_admin', 'system_admin')
  @IDEMPOTENCY
  @ApiCreatedResponse({ type: [MembershipDto] })
  async move(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: MoveInstitutionDto,
  ): Promise<MembershipDto[]> {
    if (!(await this.access.administersInstitution(p, id)))
      throw NetworkErrors.institutionNotFound({ institutionId: id });
    if (!(await this.access.administersUnit(p, body.unitId))) throw NetworkErrors.unitNotFound({ unitId: body.unitId });
    return (await this.institutions.moveToUnit(id, body.unitId, body.validFrom)).map((m) => MembershipDto.of(m));
  }

  @Get('institutions/:id/service-points')
  @ApiOperation({
    summary: 'Service points of an institution (main library, branches, mobile stops, school book corners…).',
  })
  @Public()
  @ApiOkResponse({ type: [ServicePointDto] })
  async servicePoints(@Param('id', ParseUUIDPipe) id: string): Promise<ServicePointDto[]> {
    await this.institutions.get(id);
    return (await this.institutions.servicePoints(id)).map((s) => ServicePointDto.of(s));
  }

  @Post('institutions/:id/service-points')
  @ApiOperation({ summary: 'Add a service point to an institution.' })
  @Access('staff:manager', 'network_admin', 'system_admin')
  @IDEMPOTENCY
  @ApiCreatedResponse({ type: ServicePointDto })
  async addServicePoint(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateServicePointDto,
  ): Promise<ServicePointDto> {
    if (!(await this.access.managesInstitution(p, id))) throw NetworkErrors.institutionNotFound({ institutionId: id });
    return ServicePointDto.of(await this.institutions.addServicePoint(id, body));
  }

  @Get('service-points/:id')
  @ApiOperation({ summary: 'A service point.' })
  @Public()
  @ApiOkResponse({ type: ServicePointDto })
  async servicePoint(@Param('id', ParseUUIDPipe) id: string): Promise<ServicePointDto> {
    return ServicePointDto.of(await this.institutions.getServicePoint(id));
  }

  @Patch('service-points/:id')
  @ApiOperation({ summary: 'Change a service point’s details.' })
  @Access('staff:manager', 'network_admin', 'system_admin')
  @ApiOkResponse({ type: ServicePointDto })
  async updateServicePoint(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateServicePointDto,
  ): Promise<ServicePointDto> {
    const sp = await this.institutions.getServicePoint(id);
    if (!(await this.access.managesInstitution(p, sp.institutionId)))
      throw NetworkErrors.servicePointNotFound({ servicePointId: id });
    return ServicePointDto.of(await this.institutions.updateServicePoint(id, body));
  }
}
