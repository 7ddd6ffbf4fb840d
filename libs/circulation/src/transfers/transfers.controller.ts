import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { Access, CurrentPrincipal, PageQueryDto, type Principal } from '@suotdoi/platform';
import type { TransferRow } from './transfers.repository.js';
import { TransfersService } from './transfers.service.js';

export class TransferQueryDto extends PageQueryDto {
  @ApiProperty()
  @IsUUID()
  institutionId: string;

  @ApiPropertyOptional({ enum: ['incoming', 'outgoing'], default: 'incoming' })
  @IsOptional()
  @IsIn(['incoming', 'outgoing'])
  direction: 'incoming' | 'outgoing' = 'incoming';
}

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

export class CancelTransferDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Why it is called off (recorded).',
    example: 'Bạn đọc đã nhận sách tại thư viện huyện',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  note?: string | null;
}

export class LostTransferDto {
  @ApiProperty({
    description: 'What happened (recorded with who declared it and when).',
    example: 'Thùng sách gửi qua bưu điện bị thất lạc, đã báo bưu cục Đông Hà',
  })
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  note: string;
}

export class TransferDto {
  @ApiProperty() id: string;
  @ApiProperty() copyId: string;
  @ApiProperty() recordId: string;
  @ApiProperty() fromInstitutionId: string;
  @ApiProperty() toInstitutionId: string;
  @ApiProperty({ enum: ['hold', 'return_home'] }) reason: string;
  @ApiProperty({ nullable: true, type: String }) holdId: string | null;
  @ApiProperty({ enum: ['in_transit', 'received', 'cancelled', 'lost'] }) status: string;
  @ApiProperty() sentAt: Date;
  @ApiProperty({ nullable: true, type: Date }) receivedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When it stopped being in transit.' }) closedAt: Date | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Who closed it (null: closed by the system, e.g. the copy lent at the desk).',
  })
  closedBy: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why it was cancelled or declared lost.' }) closeNote:
    string | null;

  static of(t: TransferRow): TransferDto {
    return {
      id: t.id,
      copyId: t.copyId,
      recordId: t.recordId,
      fromInstitutionId: t.fromInstitutionId,
      toInstitutionId: t.toInstitutionId,
      reason: t.reason,
      holdId: t.holdId,
      status: t.status,
      sentAt: t.sentAt,
      receivedAt: t.receivedAt,
      closedAt: t.closedAt,
      closedBy: t.closedBy,
      closeNote: t.closeNote,
    };
  }
}

export class TransferPageDto {
  @ApiProperty({ type: [TransferDto] }) items: TransferDto[];
  @ApiProperty({ description: 'Transfers matched in all' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;

  static of(p: { items: TransferRow[]; total: number; limit: number; offset: number }): TransferPageDto {
    return { items: p.items.map(TransferDto.of), total: p.total, limit: p.limit, offset: p.offset };
  }
}

@ApiTags('circulation')
@ApiBearerAuth()
@Controller('circulation/transfers')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Get()
  @Access('staff')
  @ApiOperation({
    summary:
      'Copies in transit to (incoming) or from (outgoing) an institution, oldest first (limit/offset). Receive one by checking it in at its destination.',
  })
  @ApiOkResponse({ type: TransferPageDto })
  async list(@CurrentPrincipal() p: Principal, @Query() q: TransferQueryDto): Promise<TransferPageDto> {
    return TransferPageDto.of(await this.transfers.list(p, q.institutionId, q.direction, q));
  }

  @Get(':id')
  @ApiOperation({ summary: 'A transfer, for staff of its sending or receiving institution.' })
  @Access('staff')
  @ApiOkResponse({ type: TransferDto })
  async get(@CurrentPrincipal() p: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<TransferDto> {
    return TransferDto.of(await this.transfers.get(p, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Access('staff:circulation')
  @ApiOperation({
    summary:
      'Call off a transfer in transit (circulation staff of the sending institution): the copy goes back on the shelf there; a hold it was sent for waits again, first in line.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried request replays the first answer instead of 409 circulation/transfer_not_in_transit.',
  })
  @ApiOkResponse({ type: TransferDto })
  async cancel(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: CancelTransferDto,
  ): Promise<TransferDto> {
    return TransferDto.of(await this.transfers.cancel(p, id, dto.note));
  }

  @Post(':id/lost')
  @HttpCode(200)
  @Access('staff:manager')
  @ApiOperation({
    summary:
      'Declare the copy of a transfer lost in transit (manager at either end, with a note): the copy becomes lost; a hold it was sent for waits again, first in line.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retried request replays the first answer instead of 409 circulation/transfer_not_in_transit.',
  })
  @ApiOkResponse({ type: TransferDto })
  async lost(
    @CurrentPrincipal() p: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: LostTransferDto,
  ): Promise<TransferDto> {
    return TransferDto.of(await this.transfers.markLost(p, id, dto.note));
  }
}
