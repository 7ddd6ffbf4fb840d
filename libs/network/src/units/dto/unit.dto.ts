import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQueryDto } from '@suotdoi/platform';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { UNIT_LEVELS, type UnitLevel } from '../../network.types.js';
import type { Unit, UnitLink, UnitNode } from '../units.service.js';
import type { Succession, SuccessionKind } from '../unit-history.service.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DATE_MESSAGE = { message: 'must be a date YYYY-MM-DD' };
export const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class AsOfQueryDto {
  @ApiPropertyOptional({
    description: 'Calendar date (YYYY-MM-DD) the tree is read at; default today in Vietnam',
    example: '2025-06-30',
  })
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  asOf?: string;
}

export class ListUnitsQueryDto extends AsOfQueryDto {
  @ApiPropertyOptional({ enum: UNIT_LEVELS })
  @IsOptional()
  @IsIn(UNIT_LEVELS)
  level?: UnitLevel;

  @ApiPropertyOptional({ description: 'Only this unit and what is under it' })
  @IsOptional()
  @IsUUID()
  rootId?: string;

  @ApiPropertyOptional({ description: 'Name contains (accents and đ ignored)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class CreateUnitDto {
  @ApiPropertyOptional({ example: 'QT-HH', description: 'Stable code; generated when omitted' })
  @IsOptional()
  @Matches(CODE)
  code?: string;

  @ApiProperty({ example: 'Huyện Hướng Hóa' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ enum: UNIT_LEVELS })
  @IsIn(UNIT_LEVELS)
  level: UnitLevel;

  @ApiPropertyOptional({
    example: 'huyen',
    description: 'tinh, thanh_pho, huyen, quan, thi_xa, xa, phuong, thi_tran, dac_khu',
  })
  @IsOptional()
  @Matches(/^[a-z_]{2,20}$/)
  kind?: string;

  @ApiProperty({ example: '2000-01-01' })
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  validFrom: string;

  @ApiPropertyOptional({ example: '2025-06-30', description: 'Last day the unit exists (inclusive)' })
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  validTo?: string;

  @ApiPropertyOptional({ description: 'Parent unit from validFrom' })
  @IsOptional()
  @IsUUID()
  parentId?: string;
}

export class LinkParentDto {
  @ApiProperty()
  @IsUUID()
  parentId: string;

  @ApiProperty({ example: '2025-07-01' })
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  validFrom: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  validTo?: string;
}

export class EndUnitDto {
  @ApiProperty({ example: '2025-06-30', description: 'Last day the unit exists' })
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  validTo: string;
}

export class RenameUnitDto {
  @ApiProperty({ example: 'Xã Khe Sanh' })
  @IsString()
  @Length(1, 200)
  name: string;
}

export class PopulationDto {
  @ApiProperty({ example: 92_000 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(200_000_000)
  population: number;

  @ApiPropertyOptional({ example: 'Niên giám thống kê 2024' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  source?: string;
}

export class UnitLinkDto {
  @ApiProperty() id: string;
  @ApiProperty() parentId: string;
  @ApiProperty() validFrom: string;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
  static of(l: UnitLink): UnitLinkDto {
    return { id: l.id, parentId: l.parentId, validFrom: l.validFrom, validTo: l.validTo };
  }
}

export class UnitDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: UNIT_LEVELS }) level: UnitLevel;
  @ApiProperty({ nullable: true, type: String }) kind: string | null;
  @ApiProperty() validFrom: string;
  @ApiProperty({ nullable: true, type: String }) validTo: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Parent on the date asked' }) parentId: string | null;
  static of(u: Unit): UnitDto {
    return {
      id: u.id,
      code: u.code,
      name: u.name,
      level: u.level,
      kind: u.kind,
      validFrom: u.validFrom,
      validTo: u.validTo,
      parentId: u.parentId,
    };
  }
}

/** `GET /units`: the filters and `limit`/`offset`. */
export class UnitPageQueryDto extends IntersectionType(ListUnitsQueryDto, PageQueryDto) {}

export class UnitPageDto {
  @ApiProperty({ type: [UnitDto] }) items: UnitDto[];
  @ApiProperty({ description: 'Units matched in all' }) total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  static of(p: { items: Unit[]; total: number; limit: number; offset: number }): UnitPageDto {
    return { items: p.items.map((u) => UnitDto.of(u)), total: p.total, limit: p.limit, offset: p.offset };
  }
}

export class UnitDetailDto extends UnitDto {
  @ApiProperty({ type: [UnitLinkDto], description: 'Every parent link over time' }) links: UnitLinkDto[];
}

export class UnitNodeDto extends UnitDto {
  @ApiProperty({ type: () => [UnitNodeDto] }) children: UnitNodeDto[];
  static tree(n: UnitNode): UnitNodeDto {
    return { ...UnitDto.of(n), children: n.children.map((c) => UnitNodeDto.tree(c)) };
  }
}

export class PopulationRowDto {
  @ApiProperty() unitId: string;
  @ApiProperty() year: number;
  @ApiProperty() population: number;
  @ApiProperty({ nullable: true, type: String }) source: string | null;
}

export class SuccessionDto {
  @ApiProperty() predecessorId: string;
  @ApiProperty({ example: 'Xã Tân Hợp' }) predecessorName: string;
  @ApiProperty() successorId: string;
  @ApiProperty({ example: 'Xã Khe Sanh' }) successorName: string;
  @ApiProperty({ example: '2025-07-01' }) effectiveOn: string;
  @ApiProperty({ enum: ['merge', 'split', 'absorb', 'rename'] }) kind: string;
  static of(s: Succession): SuccessionDto {
    return {
      predecessorId: s.predecessorId,
      predecessorName: s.predecessorName,
      successorId: s.successorId,
      successorName: s.successorName,
      effectiveOn: s.effectiveOn,
      kind: s.kind,
    };
  }
}

export class CreateSuccessionDto {
  @ApiProperty({ description: 'Unit that takes over (part of) this one' }) @IsUUID() successorId: string;
  @ApiProperty({
    example: '2025-07-01',
    description: 'First day of the successor; the predecessor ended the day before',
  })
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  effectiveOn: string;
  @ApiProperty({
    enum: ['merge', 'split', 'absorb', 'rename'],
    description: 'merge: several into a new one; split: one into several; absorb: into a unit that continues',
  })
  @IsIn(['merge', 'split', 'absorb', 'rename'])
  kind: SuccessionKind;
}
