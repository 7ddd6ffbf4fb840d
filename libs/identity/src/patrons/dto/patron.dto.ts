import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import { ConsentInputDto } from '../../auth/dto/auth.dto.js';
import { PATRON_CATEGORIES, type PatronCategory, type PatronStatus } from '../patrons.repository.js';
import type { Consent, Patron } from '../patrons.service.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = { message: 'must be a date YYYY-MM-DD' };

/** A librarian registers a patron at their own institution. */
export class DeskRegisterDto {
  @ApiProperty({ example: 'Hồ Thị Pơi' })
  @IsString()
  @Length(1, 200)
  fullName: string;

  @ApiProperty({ example: '2014-03-08' })
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  birthDate: string;

  @ApiProperty({ enum: PATRON_CATEGORIES })
  @IsIn(PATRON_CATEGORIES)
  category: PatronCategory;

  @ApiProperty({ description: 'Your institution (you need the circulation role there)' })
  @IsUUID()
  homeInstitutionId: string;

  @ApiPropertyOptional({ description: 'If given, the patron gets a link to choose a password' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^\+?[0-9 .-]{8,20}$/)
  phone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ type: ConsentInputDto, description: 'Required under 16' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConsentInputDto)
  consent?: ConsentInputDto;
}

export class UpdatePatronDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  fullName?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({ enum: PATRON_CATEGORIES })
  @IsOptional()
  @IsIn(PATRON_CATEGORIES)
  category?: PatronCategory;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  birthDate?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  cardExpiresOn?: string;
}

export class PatronSearchQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Name contains (accents and đ ignored)' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ example: 'SD001000011' })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  cardNumber?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class RecordConsentDto {
  @ApiProperty({ enum: ['child', 'guardian'] })
  @IsIn(['child', 'guardian'])
  party: 'child' | 'guardian';

  @ApiProperty({ example: 'Hồ Văn Pơ' })
  @IsString()
  @Length(1, 200)
  givenByName: string;

  @ApiPropertyOptional({ example: 'bố', description: 'Required for a guardian' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  relationship?: string;
}

export class PatronDto {
  @ApiProperty() id: string;
  @ApiProperty() accountId: string;
  @ApiProperty({ nullable: true, type: String }) fullName: string | null;
  @ApiProperty({ nullable: true, type: String }) birthDate: string | null;
  @ApiProperty({ enum: PATRON_CATEGORIES }) category: PatronCategory;
  @ApiProperty({ nullable: true, type: String, description: 'Printed as a Code 128 barcode' }) cardNumber:
    string | null;
  @ApiProperty({ nullable: true, type: String }) cardIssuedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) cardExpiresOn: string | null;
  @ApiProperty() homeInstitutionId: string;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ enum: ['pending', 'active', 'suspended', 'erased'] }) status: PatronStatus;
  @ApiProperty({ enum: ['self', 'desk'] }) registrationChannel: 'self' | 'desk';
  @ApiProperty() createdAt: Date;
  static of(p: Patron): PatronDto {
    return {
      id: p.id,
      accountId: p.accountId,
      fullName: p.fullName,
      birthDate: p.birthDate,
      category: p.category,
      cardNumber: p.cardNumber,
      cardIssuedOn: p.cardIssuedOn,
      cardExpiresOn: p.cardExpiresOn,
      homeInstitutionId: p.homeInstitutionId,
      address: p.address,
      status: p.status,
      registrationChannel: p.registrationChannel,
      createdAt: p.createdAt,
    };
  }
}

export class PatronPageDto {
  @ApiProperty({ type: [PatronDto] }) items: PatronDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class ConsentDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['child', 'guardian'] }) party: 'child' | 'guardian';
  @ApiProperty() givenByName: string;
  @ApiProperty({ nullable: true, type: String }) relationship: string | null;
  @ApiProperty() recordedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) withdrawnAt: Date | null;
  static of(c: Consent): ConsentDto {
    return {
      id: c.id,
      party: c.party,
      givenByName: c.givenByName,
      relationship: c.relationship,
      recordedAt: c.recordedAt,
      withdrawnAt: c.withdrawnAt,
    };
  }
}
