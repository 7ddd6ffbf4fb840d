import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import { AUDIENCES, CATEGORY_VI, PROGRAMME_CATEGORIES, type ProgrammeCategory } from '../../events.types.js';
import { ProgrammeDto, SessionDto } from '../../programmes/dto/programme.dto.js';
import type { ListedSession } from '../listing.service.js';

export class ListingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'An administrative unit: its institutions and those of every unit under it.' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ enum: PROGRAMME_CATEGORIES })
  @IsOptional()
  @IsIn(PROGRAMME_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: AUDIENCES })
  @IsOptional()
  @IsIn(AUDIENCES)
  audience?: string;

  @ApiPropertyOptional({
    example: '2026-04-01',
    description: 'From this day or instant (default: now); Vietnam time without an offset.',
  })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional({ example: '2026-04-30' })
  @IsOptional()
  @IsISO8601()
  to?: string;

  @ApiPropertyOptional({
    example: 'van hoa doc',
    description: 'Words of the title or description, with or without diacritics.',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value))
  @IsString()
  @Length(0, 200)
  q?: string;
}

export class ListedSessionDto extends SessionDto {
  @ApiProperty({ enum: PROGRAMME_CATEGORIES }) category: string;
  @ApiProperty() categoryVi: string;
  @ApiProperty({ type: [String] }) audiences: string[];
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ enum: ['none', 'session', 'series'] }) registration: string;
  @ApiProperty() institutionName: string;
  static ofListed(s: ListedSession): ListedSessionDto {
    return Object.assign(new ListedSessionDto(), SessionDto.of(s), {
      category: s.category,
      categoryVi: CATEGORY_VI[s.category as ProgrammeCategory] ?? s.category,
      audiences: s.audiences,
      description: s.description,
      registration: s.registration,
      institutionName: s.institutionName,
    });
  }
}

export class ListingPageDto {
  @ApiProperty({ type: [ListedSessionDto] }) items: ListedSessionDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class EventPageDto {
  @ApiProperty({ type: SessionDto }) session: SessionDto;
  @ApiProperty() institutionName: string;
  @ApiProperty({ type: ProgrammeDto, description: 'The programme with all its sessions.' }) programme: ProgrammeDto;
}
