import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import type { CollectionRow, JourneyRow } from '../collections.repository.js';
import type { CollectionCopy, CollectionMakeup } from '../collections.service.js';

export class CreateCollectionDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Institution that owns the collection (its staff manage it); the copies must be its own.',
  })
  @IsUUID()
  ownerInstitutionId: string;

  @ApiProperty({ example: 'Bộ sách tiếng Vân Kiều – Pa Kô số 3' })
  @IsString()
  @Length(1, 300)
  name: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Sách song ngữ cho các xã vùng biên Hướng Hóa' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 4000)
  notes?: string | null;

  @ApiPropertyOptional({ type: [String], example: ['Văn hóa dân tộc', 'Nông nghiệp'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  themes?: string[];

  @ApiPropertyOptional({
    enum: ['rotating', 'deposit'],
    default: 'rotating',
    description: 'deposit: a tủ sách left at a point with no system for a long stage.',
  })
  @IsOptional()
  @IsIn(['rotating', 'deposit'])
  kind?: 'rotating' | 'deposit';
}

export class UpdateCollectionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 300)
  name?: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 4000)
  notes?: string | null;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  themes?: string[];
}

export class BarcodesDto {
  @ApiProperty({
    type: [String],
    example: ['QT-LC-000101', 'QT-LC-000102'],
    description: 'Accession numbers (any case), at most 10,000.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  barcodes: string[];
}

export class CollectionQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Owned by or now at this institution.' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ enum: ['active', 'retired'] })
  @IsOptional()
  @IsIn(['active', 'retired'])
  status?: 'active' | 'retired';
}

export class CollectionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ownerInstitutionId: string;
  @ApiProperty({ example: 'Bộ sách tiếng Vân Kiều – Pa Kô số 3' }) name: string;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ type: [String] }) themes: string[];
  @ApiProperty({ enum: ['rotating', 'deposit'] }) kind: string;
  @ApiProperty({ enum: ['active', 'retired'] }) status: string;
  @ApiProperty({
    format: 'uuid',
    description: 'Where the collection is based now: its owner, or the host it was last sent to.',
  })
  currentInstitutionId: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The itinerary stage it is on (null at home).',
  })
  currentStageId: string | null;
  @ApiProperty({ description: 'Copies in the collection now.' }) copies: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;

  static of(c: CollectionRow): CollectionDto {
    return {
      id: c.id,
      ownerInstitutionId: c.ownerInstitutionId,
      name: c.name,
      notes: c.notes,
      themes: c.themes,
      kind: c.kind,
      status: c.status,
      currentInstitutionId: c.currentInstitutionId,
      currentStageId: c.currentStageId,
      copies: c.copies,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }
}

export class CollectionPageDto {
  @ApiProperty({ type: [CollectionDto] }) items: CollectionDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class AddCopiesResultDto {
  @ApiProperty({ type: [String] }) added: string[];
  @ApiProperty({ type: [String], description: 'Already in this collection (left as they were).' }) alreadyIn: string[];
}

export class RemoveCopiesResultDto {
  @ApiProperty({ type: [String] }) removed: string[];
}

export class CountDto {
  @ApiProperty() key: string;
  @ApiProperty() copies: number;
}

export class MakeupDto {
  @ApiProperty({ type: [CountDto] }) bySubject: CountDto[];
  @ApiProperty({ type: [CountDto], description: 'ISO 639-3 codes (vie, bru, pac…).' }) byLanguage: CountDto[];
  @ApiProperty({ type: [CountDto] }) byAudience: CountDto[];

  static of(m: CollectionMakeup): MakeupDto {
    return {
      bySubject: m.bySubject.map((x) => ({ ...x })),
      byLanguage: m.byLanguage.map((x) => ({ ...x })),
      byAudience: m.byAudience.map((x) => ({ ...x })),
    };
  }
}

export class CollectionCopyDto {
  @ApiProperty({ format: 'uuid' }) copyId: string;
  @ApiProperty({ format: 'uuid' }) recordId: string;
  @ApiProperty() barcode: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) callNumber: string | null;
  @ApiProperty({ description: "The copy's status in the catalogue." }) status: string;
  @ApiProperty({ format: 'uuid' }) locationInstitutionId: string;
  @ApiProperty({ format: 'uuid', description: 'Where the copy belongs now (returns go there).' })
  baseInstitutionId: string;

  static of(c: CollectionCopy): CollectionCopyDto {
    return {
      copyId: c.copyId,
      recordId: c.recordId,
      barcode: c.barcode,
      title: c.title,
      callNumber: c.callNumber,
      status: c.status,
      locationInstitutionId: c.locationInstitutionId,
      baseInstitutionId: c.baseInstitutionId,
    };
  }
}

export class CollectionDetailDto extends CollectionDto {
  @ApiProperty({ type: [CollectionCopyDto] }) members: CollectionCopyDto[];
  @ApiProperty({ type: MakeupDto }) makeup: MakeupDto;
}

export class JourneyStepDto {
  @ApiProperty() id: string;
  @ApiProperty({
    enum: ['added', 'removed', 'dispatched', 'to_follow', 'received', 'missing', 'damaged', 'unexpected'],
  })
  event: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) shipmentId: string | null;
  @ApiProperty({ format: 'uuid', description: 'Where it happened.' }) institutionId: string;
  @ApiProperty() at: Date;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Account that did it.' }) by: string | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;

  static of(j: JourneyRow): JourneyStepDto {
    return {
      id: j.id,
      event: j.event,
      shipmentId: j.shipmentId,
      institutionId: j.institutionId,
      at: j.at,
      by: j.by,
      note: j.note,
    };
  }
}
