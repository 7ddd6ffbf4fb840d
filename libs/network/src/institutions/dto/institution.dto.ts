import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import {
  INSTITUTION_LEVELS,
  INSTITUTION_TYPES,
  SERVICE_POINT_KINDS,
  type InstitutionLevel,
  type InstitutionType,
  type ServicePointKind,
} from '../../network.types.js';
import { CODE, DATE_MESSAGE } from '../../units/dto/unit.dto.js';
import type { Institution, InstitutionMembership, ServicePoint } from '../institutions.service.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').filter(Boolean) : value;

export class ListInstitutionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Institutions in this unit or below it (as of asOf)' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: 'Comma-separated types', example: 'public_library,school_library' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(12)
  @IsIn(INSTITUTION_TYPES, { each: true })
  type?: InstitutionType[];

  @ApiPropertyOptional({ enum: INSTITUTION_LEVELS })
  @IsOptional()
  @IsIn(INSTITUTION_LEVELS)
  level?: InstitutionLevel;

  @ApiPropertyOptional({ description: 'Name contains (accents and đ ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ example: '2025-06-30' })
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class CreateInstitutionDto {
  @ApiPropertyOptional({ example: 'QT-HH-TV' })
  @IsOptional()
  @Matches(CODE)
  code?: string;

  @ApiProperty({ example: 'Thư viện huyện Hướng Hóa' })
  @IsString()
  @Length(1, 300)
  name: string;

  @ApiProperty({ enum: INSTITUTION_TYPES })
  @IsIn(INSTITUTION_TYPES)
  type: InstitutionType;

  @ApiPropertyOptional({ enum: INSTITUTION_LEVELS, description: 'Required for public libraries' })
  @IsOptional()
  @IsIn(INSTITUTION_LEVELS)
  level?: InstitutionLevel;

  @ApiProperty({ description: 'Administrative unit it belongs to (must be in your jurisdiction)' })
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ description: 'Membership start; default openedOn or today' })
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  validFrom?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  parentInstitutionId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  openedOn?: string;
}

export class UpdateInstitutionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  parentInstitutionId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  closedOn?: string | null;
}

export class MoveInstitutionDto {
  @ApiProperty()
  @IsUUID()
  unitId: string;

  @ApiProperty({ example: '2025-07-01' })
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  validFrom: string;
}

export class CreateServicePointDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CODE)
  code?: string;

  @ApiProperty({ example: 'Điểm Bưu điện - Văn hóa xã Tân Hợp' })
  @IsString()
  @Length(1, 300)
  name: string;

  @ApiProperty({ enum: SERVICE_POINT_KINDS })
  @IsIn(SERVICE_POINT_KINDS)
  kind: ServicePointKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;
}

export class UpdateServicePointDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(500)
  address?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class InstitutionDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: INSTITUTION_TYPES }) type: InstitutionType;
  @ApiProperty({ enum: INSTITUTION_LEVELS, nullable: true }) level: InstitutionLevel | null;
  @ApiProperty({ nullable: true, type: String, description: 'Unit on the date asked' }) unitId: string | null;
  @ApiProperty({ nullable: true, type: String }) parentInstitutionId: string | null;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty({ nullable: true, type: String }) openedOn: string | null;
  @ApiProperty({ nullable: true, type: String }) closedOn: string | null;
  static of(i: Institution): InstitutionDto {
    return {
      id: i.id,
      code: i.code,
      name: i.name,
      type: i.type,
      level: i.level,
      unitId: i.unitId,
      parentInstitutionId: i.parentInstitutionId,
      address: i.address,
      openedOn: i.openedOn,
      closedOn: i.closedOn,
    };
  }
}

export class MembershipDto {
  @ApiProperty() unitId: string;
  @ApiProperty() validFrom: string;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
  static of(m: InstitutionMembership): MembershipDto {
    return { unitId: m.unitId, validFrom: m.validFrom, validTo: m.validTo };
  }
}

export class ServicePointDto {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: SERVICE_POINT_KINDS }) kind: ServicePointKind;
  @ApiProperty({ nullable: true, type: String }) address: string | null;
  @ApiProperty() active: boolean;
  static of(s: ServicePoint): ServicePointDto {
    return {
      id: s.id,
      institutionId: s.institutionId,
      code: s.code,
      name: s.name,
      kind: s.kind,
      address: s.address,
      active: s.active,
    };
  }
}

export class InstitutionDetailDto extends InstitutionDto {
  @ApiProperty({ type: [MembershipDto], description: 'Unit membership over time' }) memberships: MembershipDto[];
  @ApiProperty({ type: [ServicePointDto] }) servicePoints: ServicePointDto[];
}

export class InstitutionPageDto {
  @ApiProperty({ type: [InstitutionDto] }) items: InstitutionDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
