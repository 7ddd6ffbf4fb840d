import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import type { LicenceRow, StaffEHoldRow } from '../elending.repository.js';
import type { EHoldView, ELoanView, StaffELoanView } from '../elending.service.js';

export class LicenceInputDto {
  @ApiProperty()
  @IsUUID()
  resourceId: string;

  @ApiProperty({ enum: ['one_copy_one_user', 'metered', 'simultaneous', 'open_access'] })
  @IsIn(['one_copy_one_user', 'metered', 'simultaneous', 'open_access'])
  model: 'one_copy_one_user' | 'metered' | 'simultaneous' | 'open_access';

  @ApiPropertyOptional({ default: 1, description: 'Concurrent readers (one-copy-one-user and metered).' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100000)
  seats?: number;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Metered: checkouts left.' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  checkoutsLeft?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Metered: last day of the licence.' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsISO8601({ strict: true })
  validUntil?: string | null;

  @ApiPropertyOptional({ default: 14 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  loanDays?: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 1000)
  note?: string | null;
}

export class LicenceDto {
  @ApiProperty() id: string;
  @ApiProperty() resourceId: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() model: string;
  @ApiProperty() seats: number;
  @ApiProperty({ nullable: true, type: Number }) checkoutsLeft: number | null;
  @ApiProperty({ nullable: true, type: String }) validUntil: string | null;
  @ApiProperty() loanDays: number;
  @ApiProperty() inUse: number;
  @ApiProperty({ nullable: true, type: String }) note: string | null;

  static of(l: LicenceRow): LicenceDto {
    return {
      id: l.id,
      resourceId: l.resourceId,
      institutionId: l.institutionId,
      model: l.model,
      seats: l.seats,
      checkoutsLeft: l.checkoutsLeft,
      validUntil: l.validUntil,
      loanDays: l.loanDays,
      inUse: l.inUse,
      note: l.note,
    };
  }
}

export class LicencePageDto {
  @ApiProperty({ type: [LicenceDto] }) items: LicenceDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;

  static of(p: { items: LicenceRow[]; total: number; limit: number; offset: number }): LicencePageDto {
    return { items: p.items.map(LicenceDto.of), total: p.total, limit: p.limit, offset: p.offset };
  }
}

export class ResourceRefDto {
  @ApiProperty()
  @IsUUID()
  resourceId: string;
}

export class LicenceQueryDto extends PageQueryDto {
  @ApiProperty()
  @IsUUID()
  resourceId: string;
}

export class ContentQueryDto {
  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  exp: number;

  @ApiProperty()
  @IsString()
  @Length(10, 100)
  sig: string;
}

export class ELoanDto {
  @ApiProperty() id: string;
  @ApiProperty() resourceId: string;
  @ApiProperty() licenceId: string;
  @ApiProperty() startedAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ nullable: true, type: Date }) returnedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) endReason: string | null;

  static of(e: ELoanView): ELoanDto {
    return {
      id: e.id,
      resourceId: e.resourceId,
      licenceId: e.licenceId,
      startedAt: e.startedAt,
      endsAt: e.endsAt,
      returnedAt: e.returnedAt,
      endReason: e.endReason,
    };
  }
}

export class ELoanPageDto {
  @ApiProperty({ type: [ELoanDto] }) items: ELoanDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;

  static of(p: { items: ELoanView[]; total: number; limit: number; offset: number }): ELoanPageDto {
    return { items: p.items.map(ELoanDto.of), total: p.total, limit: p.limit, offset: p.offset };
  }
}

export class EHoldDto {
  @ApiProperty() id: string;
  @ApiProperty() resourceId: string;
  @ApiProperty({ enum: ['waiting', 'offered', 'fulfilled', 'expired', 'cancelled'] }) status: string;
  @ApiProperty() placedAt: Date;
  @ApiProperty({ nullable: true, type: Number }) position: number | null;
  @ApiProperty({ nullable: true, type: Date }) claimUntil: Date | null;

  static of(h: EHoldView): EHoldDto {
    return {
      id: h.id,
      resourceId: h.resourceId,
      status: h.status,
      placedAt: h.placedAt,
      position: h.position,
      claimUntil: h.claimUntil,
    };
  }
}

export class LinkDto {
  @ApiProperty() url: string;
  @ApiProperty() expiresAt: Date;
}

const E_LOAN_STATUSES = ['open', 'closed', 'all'] as const;
const E_HOLD_STATUSES = ['active', 'waiting', 'offered', 'closed', 'all'] as const;

class StaffELendingScopeDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'One digital resource (its licences must belong to an institution you work at).',
  })
  @IsOptional()
  @IsUUID()
  resourceId?: string;

  @ApiPropertyOptional({ description: 'The licences of one institution you work at.' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class StaffELoanQueryDto extends StaffELendingScopeDto {
  @ApiPropertyOptional({ enum: E_LOAN_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(E_LOAN_STATUSES)
  status?: (typeof E_LOAN_STATUSES)[number];
}

export class StaffEHoldQueryDto extends StaffELendingScopeDto {
  @ApiPropertyOptional({
    enum: E_HOLD_STATUSES,
    default: 'active',
    description: 'active = waiting or offered; closed = fulfilled, expired or cancelled.',
  })
  @IsOptional()
  @IsIn(E_HOLD_STATUSES)
  status?: (typeof E_HOLD_STATUSES)[number];
}

export class StaffELoanDto extends ELoanDto {
  @ApiProperty() patronId: string;
  @ApiProperty({ description: "The licence's institution." }) institutionId: string;
  @ApiProperty({ enum: ['one_copy_one_user', 'metered', 'simultaneous', 'open_access'] }) model: string;

  static ofStaff(e: StaffELoanView): StaffELoanDto {
    return { ...ELoanDto.of(e), patronId: e.patronId, institutionId: e.institutionId, model: e.model };
  }
}

export class StaffELoanPageDto {
  @ApiProperty({ type: [StaffELoanDto] }) items: StaffELoanDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;

  static of(p: { items: StaffELoanView[]; total: number; limit: number; offset: number }): StaffELoanPageDto {
    return { items: p.items.map(StaffELoanDto.ofStaff), total: p.total, limit: p.limit, offset: p.offset };
  }
}

export class StaffEHoldDto {
  @ApiProperty() id: string;
  @ApiProperty() resourceId: string;
  @ApiProperty() patronId: string;
  @ApiProperty({ enum: ['waiting', 'offered', 'fulfilled', 'expired', 'cancelled'] }) status: string;
  @ApiProperty() placedAt: Date;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'Place among those waiting for the resource (1 = next), while waiting.',
  })
  position: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'Licence whose seat was offered.' }) licenceId:
    string | null;
  @ApiProperty({ nullable: true, type: Date }) offeredAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'Deadline to borrow the offered seat.' })
  claimUntil: Date | null;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;

  static of(h: StaffEHoldRow): StaffEHoldDto {
    return {
      id: h.id,
      resourceId: h.resourceId,
      patronId: h.patronId,
      status: h.status,
      placedAt: h.placedAt,
      position: h.position,
      licenceId: h.licenceId,
      offeredAt: h.offeredAt,
      claimUntil: h.claimUntil,
      closedAt: h.closedAt,
    };
  }
}

export class StaffEHoldPageDto {
  @ApiProperty({ type: [StaffEHoldDto] }) items: StaffEHoldDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;

  static of(p: { items: StaffEHoldRow[]; total: number; limit: number; offset: number }): StaffEHoldPageDto {
    return { items: p.items.map(StaffEHoldDto.of), total: p.total, limit: p.limit, offset: p.offset };
  }
}
