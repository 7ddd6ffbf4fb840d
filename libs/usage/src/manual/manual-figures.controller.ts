import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, type Principal } from '@suotdoi/platform';
import { EnterManualFigureDto, ManualFigureDto } from './dto/manual-figure.dto.js';
import { ManualFiguresService } from './manual-figures.service.js';

@ApiTags('usage')
@ApiBearerAuth()
@Controller('usage/manual-figures')
export class ManualFiguresController {
  constructor(private readonly figures: ManualFiguresService) {}

  @Post()
  @Access('network_admin', 'staff:manager', 'system_admin')
  @ApiOperation({
    summary: 'Enter a monthly or yearly figure for an institution not on the system (supersedes an earlier one).',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiCreatedResponse({ type: ManualFigureDto })
  enter(@CurrentPrincipal() principal: Principal, @Body() body: EnterManualFigureDto): Promise<ManualFigureDto> {
    return this.figures.enter(principal, body);
  }
}
