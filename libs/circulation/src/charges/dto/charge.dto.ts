import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import type { ChargeEntryView, ChargePage, ChargeView } from '../charges.service.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);
const STATUSES = ['unsettled', 'settled', 'all'] as const;

export class PayChargeDto {
  @ApiPropertyOptional({
    description: 'How much is paid now, VND (a part payment); default: all that is still owed.',
    example: 50000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  amountVnd?: number;

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

export class ReverseEntryDto {
  @ApiProperty({
    description: 'Why the payment or waiver is reversed (recorded with who did it and when).',
    example: 'Thu nhầm số tiền, đã hoàn lại cho bạn đọc theo phiếu chi số 12',
  })
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class DeclareLostDto {
  @ApiPropertyOptional({
    description: "The amount charged for the copy, VND; default: the copy's price in the catalogue.",
    example: 120000,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  priceVnd?: number;
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
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['paid', 'waived', 'reversal'] }) kind: string;
  @ApiProperty({ example: 12000 }) amountVnd: number;
  @ApiProperty({ example: '12.000 đồng', description: 'The amount written the Vietnamese way.' }) amountVi: string;
  @ApiProperty({ nullable: true, type: String, description: 'Waiver or reversal reason, or payment note.' })
  reason: string | null;
  @ApiProperty({ nullable: true, type: String }) receiptNumber: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The entry a reversal reverses.' }) reversesId:
    string | null;
  @ApiProperty({ description: 'A payment or waiver that was later reversed.' }) reversed: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Staff account that recorded it (null in the patron view).',
  })
  settledBy: string | null;
  @ApiProperty() settledAt: Date;

  static of(x: ChargeEntryView): SettlementDto {
    return {
      id: x.id,
      kind: x.kind,
      amountVnd: x.amountVnd,
      amountVi: x.amountVi,
      reason: x.reason,
      receiptNumber: x.receiptNumber,
      reversesId: x.reversesId,
      reversed: x.reversed,
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
    description:
      'Null once the loan was anonymised (settled and past the accounting retention period, no history kept).',
  })
  patronId: string | null;
  @ApiProperty({ description: 'Lending institution: the one owed.' }) institutionId: string;
  @ApiProperty() checkedOutAt: Date;
  @ApiProperty() dueAt: Date;
  @ApiProperty({ example: '2026-02-23' }) dueDate: string;
  @ApiProperty() returnedAt: Date;
  @ApiProperty() returnedInstitutionId: string;
  @ApiProperty({
    enum: ['overdue', 'lost'],
    description: 'lost: the copy was lost (its price, plus any overdue charge).',
  })
  kind: string;
  @ApiProperty({ example: 6000 }) amountVnd: number;
  @ApiProperty({ example: 0, description: 'Part of the amount charged for the lost copy itself.' }) lostItemVnd: number;
  @ApiProperty({ description: 'Paid or waived so far, net of reversals.' }) settledVnd: number;
  @ApiProperty() owedVnd: number;
  @ApiProperty({ example: '6.000 đồng' }) amountVi: string;
  @ApiProperty({ example: '6.000 đồng' }) owedVi: string;
  @ApiProperty({ enum: ['unsettled', 'partly_settled', 'paid', 'waived'] }) status: string;
  @ApiProperty({
    type: SettlementDto,
    nullable: true,
    description: 'The entry that settled the charge in full (null while anything is owed).',
  })
  settlement: SettlementDto | null;
  @ApiProperty({ type: [SettlementDto], description: 'Payments, waivers and reversals, oldest first.' })
  entries: SettlementDto[];

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
      kind: c.kind,
      amountVnd: c.amountVnd,
      lostItemVnd: c.lostItemVnd,
      settledVnd: c.settledVnd,
      owedVnd: c.owedVnd,
      amountVi: c.amountVi,
      owedVi: c.owedVi,
      status: c.status,
      settlement: c.settlement ? SettlementDto.of(c.settlement) : null,
      entries: c.entries.map(SettlementDto.of),
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
