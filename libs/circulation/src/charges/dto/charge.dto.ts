import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, ValidateIf } from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import type { ChargePage, ChargeView } from '../charges.service.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);
const STATUSES = ['unsettled', 'settled', 'all'] as const;

export class PayChargeDto {
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Number of the receipt given to the patron (biên lai thu tiền).',
    example: 'BL-2026/000123',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  receiptNumber?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Anything worth recording with the payment.',
    example: 'Bạn đọc nộp tiền mặt tại quầy',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  note?: string | null;
}

export class WaiveChargeDto {
  @ApiProperty({
    description: 'Why the charge is waived (recorded with who did it and when).',
    example: 'Bạn đọc là học sinh hoàn cảnh khó khăn, miễn theo quyết định của giám đốc',
  })
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class ChargeStatusQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: STATUSES, default: 'unsettled' })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];
}

export class ChargeQueryDto extends ChargeStatusQueryDto {
  @ApiPropertyOptional({
    description: "The patron's card number (staff of the patron's home institution see all their charges).",
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  cardNumber?: string;

  @ApiPropertyOptional({ description: 'The patron, by id (instead of the card number).' })
  @IsOptional()
  @IsUUID()
  patronId?: string;

  @ApiPropertyOptional({ description: 'Charges owed to this institution (one you work at).' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class SettlementDto {
  @ApiProperty({ enum: ['paid', 'waived'] }) kind: string;
  @ApiProperty() amountVnd: number;
  @ApiProperty({ nullable: true, type: String, description: 'Waiver reason, or payment note.' }) reason: string | null;
  @ApiProperty({ nullable: true, type: String }) receiptNumber: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Staff account that recorded it (null in the patron view).',
  })
  settledBy: string | null;
  @ApiProperty() settledAt: Date;

  static of(x: NonNullable<ChargeView['settlement']>): SettlementDto {
    return {
      kind: x.kind,
      amountVnd: x.amountVnd,
      reason: x.reason,
      receiptNumber: x.receiptNumber,
      settledBy: x.settledBy,
      settledAt: x.settledAt,
    };
  }
}

export class ChargeDto {
  @ApiProperty() loanId: string;
  @ApiProperty() copyId: string;
  @ApiProperty() recordId: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Null once the settled loan was anonymised (no history kept).',
  })
  patronId: string | null;
  @ApiProperty({ description: 'Lending institution: the one owed.' }) institutionId: string;
  @ApiProperty() checkedOutAt: Date;
  @ApiProperty() dueAt: Date;
  @ApiProperty({ example: '2026-02-23' }) dueDate: string;
  @ApiProperty() returnedAt: Date;
  @ApiProperty() returnedInstitutionId: string;
  @ApiProperty({ example: 6000 }) amountVnd: number;
  @ApiProperty({ enum: ['unsettled', 'paid', 'waived'] }) status: string;
  @ApiProperty({ type: SettlementDto, nullable: true }) settlement: SettlementDto | null;

  static of(c: ChargeView): ChargeDto {
    return {
      loanId: c.loanId,
      copyId: c.copyId,
      recordId: c.recordId,
      patronId: c.patronId,
      institutionId: c.institutionId,
      checkedOutAt: c.checkedOutAt,
      dueAt: c.dueAt,
      dueDate: c.dueDate,
      returnedAt: c.returnedAt,
      returnedInstitutionId: c.returnedInstitutionId,
      amountVnd: c.amountVnd,
      status: c.status,
      settlement: c.settlement ? SettlementDto.of(c.settlement) : null,
    };
  }
}

export class ChargePageDto {
  @ApiProperty({ type: [ChargeDto] }) items: ChargeDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ description: 'Still owed among the charges matched (all pages), VND.' }) owedVnd: number;

  static of(p: ChargePage): ChargePageDto {
    return { items: p.items.map(ChargeDto.of), total: p.total, limit: p.limit, offset: p.offset, owedVnd: p.owedVnd };
  }
}
