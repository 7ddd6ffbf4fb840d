import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import { PolicyDto } from '../../policies/dto/policy.dto.js';
import type { Decision, MatchedRule, Reason } from '../../policies/decision.js';
import type { CheckinResult, CheckoutResult, LoanView } from '../loans.service.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class OverrideDto {
  @ApiProperty({
    description: 'Why the librarian overrides the refusal (recorded with who did it).',
    example: 'Học sinh cần tài liệu ôn thi, đã được trưởng phòng đồng ý',
  })
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class CheckoutDto {
  @ApiProperty({ example: 'BD100001' })
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  cardNumber: string;

  @ApiProperty({ example: 'HT-000123' })
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  barcode: string;

  @ApiPropertyOptional({ description: 'Desk institution (default: where the copy is).' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ type: OverrideDto, description: 'Lend despite a refusal (staff only, recorded).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideDto)
  override?: OverrideDto;
}

export class CheckoutPreviewDto {
  @ApiProperty()
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  cardNumber: string;

  @ApiProperty()
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  barcode: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class CheckinDto {
  @ApiProperty({ example: 'HT-000123' })
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  barcode: string;

  @ApiPropertyOptional({
    description: 'Institution where the copy is returned (default: your only desk, else where the copy is).',
  })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class RenewDto {
  @ApiPropertyOptional({ type: OverrideDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideDto)
  override?: OverrideDto;
}

export class LoanQueryDto extends PageQueryDto {
  @ApiProperty()
  @IsUUID()
  institutionId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  patronId?: string;
}

export class ReasonDto {
  @ApiProperty({ example: 'max_loans_reached' }) code: string;
  @ApiProperty() en: string;
  @ApiProperty() vi: string;

  static of(r: Reason): ReasonDto {
    return { code: r.code, en: r.en, vi: r.vi };
  }
}

export class MatchedRuleDto extends OmitType(PolicyDto, ['note'] as const) {
  @ApiProperty({ description: 'Step of the fallback order that matched', example: 'institution+category' })
  matchedBy: string;

  static of(r: MatchedRule): MatchedRuleDto {
    return {
      id: r.id,
      institutionId: r.institutionId,
      patronCategory: r.patronCategory,
      itemType: r.itemType,
      loanDays: r.loanDays,
      maxLoans: r.maxLoans,
      renewalsAllowed: r.renewalsAllowed,
      renewalDays: r.renewalDays,
      holdsAllowed: r.holdsAllowed,
      maxHolds: r.maxHolds,
      pickupDays: r.pickupDays,
      overdueFinePerDayVnd: r.overdueFinePerDayVnd,
      blockThresholdVnd: r.blockThresholdVnd,
      matchedBy: r.matchedBy,
    };
  }
}

export class DecisionDto {
  @ApiProperty() allowed: boolean;
  @ApiProperty({ type: MatchedRuleDto }) rule: MatchedRuleDto;
  @ApiProperty({ type: [ReasonDto] }) reasons: ReasonDto[];

  static of(d: Decision): DecisionDto {
    return { allowed: d.allowed, rule: MatchedRuleDto.of(d.rule), reasons: d.reasons.map(ReasonDto.of) };
  }
}

export class LoanDto {
  @ApiProperty() id: string;
  @ApiProperty() copyId: string;
  @ApiProperty() recordId: string;
  @ApiProperty({ nullable: true, type: String }) patronId: string | null;
  @ApiProperty() institutionId: string;
  @ApiProperty() checkedOutAt: Date;
  @ApiProperty() dueAt: Date;
  @ApiProperty({ example: '2026-02-23' }) dueDate: string;
  @ApiProperty() renewals: number;
  @ApiProperty({ enum: ['on_loan', 'overdue', 'returned'] }) @IsIn(['on_loan', 'overdue', 'returned']) status: string;
  @ApiProperty({ nullable: true, type: Date }) returnedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) returnedInstitutionId: string | null;
  @ApiProperty({
    description:
      'Overdue charge, VND (0: none): fixed at return; while an overdue loan is open, what it comes to today (fineAccruing).',
  })
  fineVnd: number;
  @ApiProperty({ description: 'The loan is open and overdue under a rule that charges: fineVnd grows each day.' })
  fineAccruing: boolean;
  @ApiProperty({
    nullable: true,
    type: Date,
    description: 'When the charge was paid or waived (see /circulation/charges).',
  })
  fineSettledAt: Date | null;

  static of(l: LoanView): LoanDto {
    return {
      id: l.id,
      copyId: l.copyId,
      recordId: l.recordId,
      patronId: l.patronId,
      institutionId: l.institutionId,
      checkedOutAt: l.checkedOutAt,
      dueAt: l.dueAt,
      dueDate: l.dueDate,
      renewals: l.renewals,
      status: l.status,
      returnedAt: l.returnedAt,
      returnedInstitutionId: l.returnedInstitutionId,
      fineVnd: l.fineVnd,
      fineAccruing: l.fineAccruing,
      fineSettledAt: l.fineSettledAt,
    };
  }
}

export class LoanOverrideDto {
  @ApiProperty({ enum: ['checkout', 'renewal'] }) action: string;
  @ApiProperty({ description: 'Staff account that overrode the refusal.' }) accountId: string;
  @ApiProperty({ example: 'Bạn đọc đang ôn thi, trưởng thư viện đồng ý' }) reason: string;
  @ApiProperty() createdAt: Date;

  static of(o: { action: string; accountId: string; reason: string; createdAt: Date }): LoanOverrideDto {
    return { action: o.action, accountId: o.accountId, reason: o.reason, createdAt: o.createdAt };
  }
}

export class LoanDetailDto extends LoanDto {
  @ApiProperty({
    type: [LoanOverrideDto],
    description: 'Refusals overridden by staff on this loan, oldest first (empty for the borrower).',
  })
  overrides: LoanOverrideDto[];

  static ofDetail(
    l: LoanView & { overrides: { action: string; accountId: string; reason: string; createdAt: Date }[] },
  ): LoanDetailDto {
    return { ...LoanDto.of(l), overrides: l.overrides.map(LoanOverrideDto.of) };
  }
}

export class CheckoutResultDto {
  @ApiProperty({ type: LoanDto }) loan: LoanDto;
  @ApiProperty({ type: DecisionDto }) decision: DecisionDto;
  @ApiProperty({ description: 'Lent despite a refusal (staff override).' }) overridden: boolean;

  static of(r: CheckoutResult): CheckoutResultDto {
    return { loan: LoanDto.of(r.loan), decision: DecisionDto.of(r.decision), overridden: r.overridden };
  }
}

export class CheckinResultDto {
  @ApiProperty({ type: LoanDto, nullable: true }) loan: LoanDto | null;
  @ApiProperty() barcode: string;
  @ApiProperty({ enum: ['hold_shelf', 'in_transit', 'on_shelf'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) holdId: string | null;
  @ApiProperty({ nullable: true, type: String }) transferId: string | null;
  @ApiProperty({ nullable: true, type: String }) toInstitutionId: string | null;
  @ApiProperty({ nullable: true, type: String }) pickupBy: string | null;

  static of(r: CheckinResult): CheckinResultDto {
    return {
      loan: r.loan ? LoanDto.of(r.loan) : null,
      barcode: r.barcode,
      outcome: r.outcome,
      holdId: r.holdId,
      transferId: r.transferId,
      toInstitutionId: r.toInstitutionId,
      pickupBy: r.pickupBy,
    };
  }
}

export class LoanPageDto {
  @ApiProperty({ type: [LoanDto] }) items: LoanDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;

  static of(p: { items: LoanView[]; total: number; limit: number; offset: number }): LoanPageDto {
    return { items: p.items.map(LoanDto.of), total: p.total, limit: p.limit, offset: p.offset };
  }
}

export class InHouseUseResultDto {
  @ApiProperty() barcode: string;
  @ApiProperty({ description: 'Id of the usage event written.' }) eventId: string;

  static of(r: { barcode: string; eventId: string }): InHouseUseResultDto {
    return { barcode: r.barcode, eventId: r.eventId };
  }
}
