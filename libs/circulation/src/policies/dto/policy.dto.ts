import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import type { CirculationRule } from '../rule-matrix.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

export class PolicyLimitsDto {
  @ApiPropertyOptional({ description: 'Loan period in days (0: use in the library only).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  loanDays?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  maxLoans?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  renewalsAllowed?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(366)
  renewalDays?: number;
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  holdsAllowed?: boolean;
  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  maxHolds?: number;
  @ApiPropertyOptional({ description: 'Days a hold waits on the hold shelf.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  pickupDays?: number;
  @ApiPropertyOptional({ description: 'Overdue charge per day, VND (default 0).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  overdueFinePerDayVnd?: number;
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Charges (VND) from which borrowing is blocked; null: never.',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  blockThresholdVnd?: number | null;
  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(trim)
  @IsString()
  @Length(0, 1000)
  note?: string | null;
}

export class CreatePolicyDto extends PolicyLimitsDto {
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Institution, or null for any.' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  institutionId?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Patron category (child, student, adult…), or null for any.',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^[a-z_]{1,40}$/)
  patronCategory?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Item type (book, reference…) or digital format (ebook, audiobook…), or null for any.',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^[a-z_]{1,40}$/)
  itemType?: string | null;
}

export class PolicyDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) institutionId: string | null;
  @ApiProperty({ nullable: true, type: String }) patronCategory: string | null;
  @ApiProperty({ nullable: true, type: String }) itemType: string | null;
  @ApiProperty() loanDays: number;
  @ApiProperty() maxLoans: number;
  @ApiProperty() renewalsAllowed: number;
  @ApiProperty() renewalDays: number;
  @ApiProperty() holdsAllowed: boolean;
  @ApiProperty() maxHolds: number;
  @ApiProperty() pickupDays: number;
  @ApiProperty() overdueFinePerDayVnd: number;
  @ApiProperty({ nullable: true, type: Number }) blockThresholdVnd: number | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  static of(r: CirculationRule): PolicyDto {
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
      note: r.note,
    };
  }
}
