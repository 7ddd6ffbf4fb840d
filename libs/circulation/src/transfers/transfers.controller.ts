import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Access, CurrentPrincipal, PageQueryDto, type Principal } from '@suotdoi/platform';
import { TransfersService } from './transfers.service.js';

export class TransferQueryDto extends PageQueryDto {
  @ApiProperty() @IsUUID()
  institutionId: string;

  @ApiPropertyOptional({ enum: ['incoming', 'outgoing'], default: 'incoming' }) @IsOptional() @IsIn(['incoming', 'outgoing'])
  direction: 'incoming' | 'outgoing' = 'incoming';
}

export class TransferDto {
  @ApiProperty() id: string;
  @ApiProperty() copyId: string;
  @ApiProperty() recordId: string;
  @ApiProperty() fromInstitutionId: string;
  @ApiProperty() toInstitutionId: string;
  @ApiProperty({ enum: ['hold', 'return_home'] }) reason: string;
  @ApiProperty({ nullable: true, type: String }) holdId: string | null;
  @ApiProperty({ enum: ['in_transit', 'received', 'cancelled'] }) status: string;
  @ApiProperty() sentAt: Date;
  @ApiProperty({ nullable: true, type: Date }) receivedAt: Date | null;
}

@ApiTags('circulation')
@ApiBearerAuth()
@Controller('circulation/transfers')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Get()
  @Access('staff')
  @ApiOperation({ summary: 'Copies in transit to (incoming) or from (outgoing) an institution. Receive one by checking it in at its destination.' })
  @ApiOkResponse({ type: [TransferDto] })
  list(@CurrentPrincipal() p: Principal, @Query() q: TransferQueryDto): Promise<TransferDto[]> {
    return this.transfers.list(p, q.institutionId, q.direction, q);
  }

  @Get(':id')
  @Access('staff')
  @ApiOkResponse({ type: TransferDto })
  get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<TransferDto> {
    return this.transfers.get(p, id);
  }
}
