import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  COPY_SOURCES,
  COPY_STATUSES,
  ITEM_TYPES,
  type Copy,
  type CopySource,
  type CopyStatus,
  type ItemType,
} from '../../catalogue.types.js';

const BARCODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{2,39}$/;

export class CopyFieldsDto {
  @ApiPropertyOptional({ description: 'Accession number (số đăng ký cá biệt), unique', example: 'HH-VV-000123' })
  @IsOptional()
  @Matches(BARCODE, { message: 'barcode: 3–40 letters, digits, . _ / -' })
  barcode?: string;

  @ApiPropertyOptional({ description: 'Institution or service point where the copy is now' })
  @IsOptional()
  @IsUUID()
  locationId?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  shelfLocation?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '895.9221 NG-D' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  callNumber?: string | null;

  @ApiPropertyOptional({ enum: ITEM_TYPES })
  @IsOptional()
  @IsIn(ITEM_TYPES)
  itemType?: ItemType;

  @ApiPropertyOptional({ enum: COPY_STATUSES })
  @IsOptional()
  @IsIn(COPY_STATUSES)
  status?: CopyStatus;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2024-03-15' })
  @IsOptional()
  @IsISO8601({ strict: true })
  acquiredOn?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Price in đồng' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  priceVnd?: number | null;

  @ApiPropertyOptional({ enum: COPY_SOURCES })
  @IsOptional()
  @IsIn(COPY_SOURCES)
  source?: CopySource;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Donor or campaign' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  sourceNote?: string | null;
}

export class CreateCopyDto extends CopyFieldsDto {
  @ApiProperty()
  @IsUUID()
  recordId: string;

  @ApiProperty({ example: 'HH-VV-000123' })
  @Matches(BARCODE, { message: 'barcode: 3–40 letters, digits, . _ / -' })
  declare barcode: string;

  @ApiProperty()
  @IsUUID()
  homeInstitutionId: string;
}

export class UpdateCopyDto extends CopyFieldsDto {
  @ApiPropertyOptional({ description: 'Version you edited (optimistic locking)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

const STAFF_ONLY = 'Only for staff of the home institution (absent for the public).';

/** A copy (bản sách) with its status and where it is now. */
export class CopyDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) recordId: string;
  @ApiProperty({ description: 'Accession number (số đăng ký cá biệt)', example: 'HH-VV-000123' }) barcode: string;
  @ApiProperty({ format: 'uuid', description: 'Institution that owns the copy' }) homeInstitutionId: string;
  @ApiProperty({
    format: 'uuid',
    description:
      'Where the copy belongs now (its base): the home institution, or the host of the rotation stage it is on. Returns are routed here; only the catalogue changes it (rotation moves it).',
  })
  baseInstitutionId: string;
  @ApiProperty({ format: 'uuid', description: 'Institution where the copy is now' }) locationInstitutionId: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'Service point where the copy is now, if not the institution itself',
  })
  locationServicePointId: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Kho mở, giá 3' }) shelfLocation: string | null;
  @ApiProperty({ nullable: true, type: String, example: '895.9221 NG-D' }) callNumber: string | null;
  @ApiProperty({ enum: ITEM_TYPES }) itemType: ItemType;
  @ApiProperty({ enum: COPY_STATUSES }) status: CopyStatus;
  @ApiProperty() statusChangedAt: Date;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2024-03-15', description: STAFF_ONLY }) acquiredOn?:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: Number, description: `Price in đồng. ${STAFF_ONLY}`, example: 85000 })
  priceVnd?: number | null;
  @ApiPropertyOptional({ enum: COPY_SOURCES, description: STAFF_ONLY }) source?: CopySource;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: `Donor or campaign (may name a person). ${STAFF_ONLY}`,
    example: 'Ngày hội đọc sách 2025',
  })
  sourceNote?: string | null;
  @ApiProperty({
    description: 'Send it back with PATCH to refuse the edit if someone changed the copy meanwhile',
    example: 1,
  })
  version: number;

  /** `internal`: the caller is staff of the copy's home institution (acquisition details are theirs to see). */
  static of(c: Copy, internal = true): CopyDto {
    const dto: CopyDto = {
      id: c.id,
      recordId: c.recordId,
      barcode: c.barcode,
      homeInstitutionId: c.homeInstitutionId,
      baseInstitutionId: c.baseInstitutionId,
      locationInstitutionId: c.locationInstitutionId,
      locationServicePointId: c.locationServicePointId,
      shelfLocation: c.shelfLocation,
      callNumber: c.callNumber,
      itemType: c.itemType,
      status: c.status,
      statusChangedAt: c.statusChangedAt,
      version: c.version,
    };
    return internal
      ? { ...dto, acquiredOn: c.acquiredOn, priceVnd: c.priceVnd, source: c.source, sourceNote: c.sourceNote }
      : dto;
  }
}
