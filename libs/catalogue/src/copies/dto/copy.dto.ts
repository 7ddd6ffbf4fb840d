import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { COPY_SOURCES, COPY_STATUSES, ITEM_TYPES, type CopySource, type CopyStatus, type ItemType } from '../../catalogue.types.js';

const BARCODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{2,39}$/;

export class CopyFieldsDto {
  @ApiPropertyOptional({ description: 'Accession number (số đăng ký cá biệt), unique', example: 'HH-VV-000123' }) @IsOptional() @Matches(BARCODE, { message: 'barcode: 3–40 letters, digits, . _ / -' })
  barcode?: string;

  @ApiPropertyOptional({ description: 'Institution or service point where the copy is now' }) @IsOptional() @IsUUID()
  locationId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  shelfLocation?: string | null;

  @ApiPropertyOptional({ example: '895.9221 NG-D' }) @IsOptional() @IsString() @MaxLength(100)
  callNumber?: string | null;

  @ApiPropertyOptional({ enum: ITEM_TYPES }) @IsOptional() @IsIn(ITEM_TYPES)
  itemType?: ItemType;

  @ApiPropertyOptional({ enum: COPY_STATUSES }) @IsOptional() @IsIn(COPY_STATUSES)
  status?: CopyStatus;

  @ApiPropertyOptional({ example: '2024-03-15' }) @IsOptional() @IsISO8601({ strict: true })
  acquiredOn?: string | null;

  @ApiPropertyOptional({ description: 'Price in đồng' }) @IsOptional() @IsInt() @Min(0) @Max(1_000_000_000)
  priceVnd?: number | null;

  @ApiPropertyOptional({ enum: COPY_SOURCES }) @IsOptional() @IsIn(COPY_SOURCES)
  source?: CopySource;

  @ApiPropertyOptional({ description: 'Donor or campaign' }) @IsOptional() @IsString() @MaxLength(500)
  sourceNote?: string | null;
}

export class CreateCopyDto extends CopyFieldsDto {
  @ApiProperty() @IsUUID()
  recordId: string;

  @ApiProperty({ example: 'HH-VV-000123' }) @Matches(BARCODE, { message: 'barcode: 3–40 letters, digits, . _ / -' })
  declare barcode: string;

  @ApiProperty() @IsUUID()
  homeInstitutionId: string;
}

export class UpdateCopyDto extends CopyFieldsDto {
  @ApiPropertyOptional({ description: 'Version you edited (optimistic locking)' }) @IsOptional() @IsInt() @Min(1)
  version?: number;
}
