import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { ProgrammeDto } from '../programmes/dto/programme.dto.js';
import { ApplyTemplateDto, ChecklistDto, ChecklistQueryDto, TemplateListDto } from './dto/obligation.dto.js';
import { ObligationsService } from './obligations.service.js';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class ObligationsController {
  constructor(private readonly obligations: ObligationsService) {}

  @Get('obligations')
  @Access('network_admin', 'system_admin')
  @ApiOperation({
    summary:
      'The yearly obligations of the plans as a checklist for a jurisdiction: which institutions held what, with the evidence.',
  })
  @ApiOkResponse({ type: ChecklistDto })
  async checklist(@CurrentPrincipal() p: Principal, @Query() q: ChecklistQueryDto): Promise<ChecklistDto> {
    return ChecklistDto.of(q.unitId, q.year, await this.obligations.checklist(p, q.unitId, q.year));
  }

  @Get('templates')
  @Access('staff', 'network_admin', 'system_admin')
  @ApiOperation({
    summary: 'Programme templates for the national days (book days, lifelong-learning week, museum and heritage days).',
  })
  @ApiOkResponse({ type: TemplateListDto })
  templates(): TemplateListDto {
    return TemplateListDto.all();
  }

  @Post('templates/:key/programmes')
  @Access('staff:events')
  @ApiOperation({ summary: "Create a national day's programme with its sessions at your institution in one step." })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ProgrammeDto })
  async apply(
    @CurrentPrincipal() p: Principal,
    @Param('key') key: string,
    @Body() dto: ApplyTemplateDto,
  ): Promise<ProgrammeDto> {
    const { programme, sessions } = await this.obligations.applyTemplate(p, key, dto);
    return ProgrammeDto.of(programme, sessions);
  }
}
