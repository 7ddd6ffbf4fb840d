import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateIf } from 'class-validator';

export class LicenceInputDto {
  @ApiProperty() @IsUUID()
  resourceId: string;

  @ApiProperty({ enum: ['one_copy_one_user', 'metered', 'simultaneous', 'open_access'] })
  @IsIn(['one_copy_one_user', 'metered', 'simultaneous', 'open_access'])
  model: 'one_copy_one_user' | 'metered' | 'simultaneous' | 'open_access';

  @ApiPropertyOptional({ default: 1, description: 'Concurrent readers (one-copy-one-user and metered).' }) @IsOptional() @IsInt() @Min(1) @Max(100000)
  seats?: number;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Metered: checkouts left.' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(0)
  checkoutsLeft?: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Metered: last day of the licence.' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsISO8601({ strict: true })
  validUntil?: string | null;

  @ApiPropertyOptional({ default: 14 }) @IsOptional() @IsInt() @Min(1) @Max(90)
  loanDays?: number;

  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(0, 1000)
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
}

export class ResourceRefDto {
  @ApiProperty() @IsUUID()
  resourceId: string;
}

export class LicenceQueryDto {
  @ApiProperty() @IsUUID()
  resourceId: string;
}

export class ContentQueryDto {
  @ApiProperty() @Type(() => Number) @IsInt() @Min(0)
  exp: number;

  @ApiProperty() @IsString() @Length(10, 100)
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
}

export class EHoldDto {
  @ApiProperty() id: string;
  @ApiProperty() resourceId: string;
  @ApiProperty({ enum: ['waiting', 'offered', 'fulfilled', 'expired', 'cancelled'] }) status: string;
  @ApiProperty() placedAt: Date;
  @ApiProperty({ nullable: true, type: Number }) position: number | null;
  @ApiProperty({ nullable: true, type: Date }) claimUntil: Date | null;
}

export class LinkDto {
  @ApiProperty() url: string;
  @ApiProperty() expiresAt: Date;
}
