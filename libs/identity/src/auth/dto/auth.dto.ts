import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { SELF_SERVICE_CATEGORIES } from '../../patrons/patron-rules.js';
import type { PatronCategory } from '../../patrons/patrons.repository.js';
import type { Session } from '../auth.service.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class SignInDto {
  @ApiProperty({ description: 'E-mail or library card number', example: 'bandoc@suotdoi.example' })
  @IsString()
  @Length(1, 254)
  login: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 256)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class TokenDto {
  @ApiProperty({ description: 'The single-use token from the link' })
  @IsString()
  @Length(20, 200)
  token: string;
}

export class PasswordResetRequestDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto extends TokenDto {
  @ApiProperty({ format: 'password', minLength: 10 })
  @IsString()
  @Length(1, 256)
  newPassword: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 256)
  currentPassword: string;

  @ApiProperty({ format: 'password', minLength: 10 })
  @IsString()
  @Length(1, 256)
  newPassword: string;
}

export class ConsentInputDto {
  @ApiProperty({ example: 'Hồ Thị Hoa' })
  @IsString()
  @Length(1, 200)
  guardianName: string;

  @ApiProperty({ example: 'mẹ' })
  @IsString()
  @Length(1, 50)
  guardianRelationship: string;

  @ApiPropertyOptional({ description: 'The child (7 and over) consents too' })
  @IsOptional()
  @IsBoolean()
  childConsents?: boolean;
}

/** Online self-registration. Category, card, expiry, status and roles are not accepted here (mass assignment). */
export class SelfRegisterDto {
  @ApiProperty({ example: 'ban.doc@example.vn' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ format: 'password', minLength: 10 })
  @IsString()
  @Length(1, 256)
  password: string;

  @ApiProperty({ example: 'Hồ Văn Kiên' })
  @IsString()
  @Length(1, 200)
  fullName: string;

  @ApiProperty({ example: '2001-09-02' })
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true })
  birthDate: string;

  @ApiProperty({ enum: SELF_SERVICE_CATEGORIES })
  @IsIn(SELF_SERVICE_CATEGORIES)
  category: PatronCategory;

  @ApiProperty({ description: 'The library that will issue the card' })
  @IsUUID()
  homeInstitutionId: string;

  @ApiPropertyOptional({ example: '0912345678' })
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

// Named apart from the events module's SessionDto (a programme session): one schema name, one schema.
@ApiSchema({ name: 'AuthSessionDto' })
export class SessionDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds' }) expiresIn: number;
  @ApiProperty({ description: 'Single use: each refresh returns a new one' }) refreshToken: string;
  @ApiProperty({ description: 'Seconds' }) refreshExpiresIn: number;
  static of(s: Session): SessionDto {
    return {
      accessToken: s.accessToken,
      tokenType: s.tokenType,
      expiresIn: s.expiresIn,
      refreshToken: s.refreshToken,
      refreshExpiresIn: s.refreshExpiresIn,
    };
  }
}

// Named apart from the events module's RegistrationDto (a seat at a session).
@ApiSchema({ name: 'PatronRegistrationDto' })
export class RegistrationDto {
  @ApiProperty() accountId: string;
  @ApiProperty() patronId: string;
  @ApiProperty({ enum: ['pending'] }) status: 'pending';
}

export class PasswordResetRequestedDto {
  @ApiProperty({
    enum: ['sent_if_known'],
    description: 'Always the same answer, so it does not reveal which e-mails have accounts',
  })
  status: 'sent_if_known';
}
