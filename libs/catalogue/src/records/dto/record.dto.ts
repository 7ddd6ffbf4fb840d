import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  ACCESSIBLE_FORMATS,
  AUDIENCES,
  AUTHOR_ROLES,
  type AccessibleFormat,
  type Audience,
  type AuthorRole,
  type BibRecord,
  type DigitalResource,
} from '../../catalogue.types.js';
import { DigitalResourceDto } from '../../digital/dto/digital-resource.dto.js';
import type { HoldingSummary } from '../records.service.js';

export class AuthorDto {
  @ApiProperty({ example: 'Nguyễn Du' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @ApiProperty({ enum: AUTHOR_ROLES, example: 'author' })
  @IsIn(AUTHOR_ROLES)
  role: AuthorRole;
}

/** Fields of a bibliographic record (biểu ghi thư mục). */
export class RecordFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Control number (MARC 001), unique' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  controlNumber?: string | null;

  @ApiProperty({ example: 'Truyện Kiều' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  title: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  subtitle?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Statement of responsibility',
    example: 'Nguyễn Du ; Đào Duy Anh khảo đính',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  responsibility?: string | null;

  @ApiPropertyOptional({ type: [AuthorDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => AuthorDto)
  authors?: AuthorDto[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'NXB Văn học' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  publisher?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Hà Nội' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  place?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, example: 2015 })
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(2200)
  year?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  edition?: string | null;

  @ApiPropertyOptional({
    type: [String],
    description: 'ISBN-10 or ISBN-13, with or without hyphens; stored as ISBN-13',
    example: ['978-604-1-00000-1'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(30, { each: true })
  isbns?: string[];

  @ApiProperty({ description: 'ISO 639-3 (vie, bru = Vân Kiều/Bru, pac = Pa Kô, …)', example: 'vie' })
  @Matches(/^[a-zA-Z]{3}$/)
  language: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  subjects?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: '895.9221' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{3}(\.\d+)?$/, { message: 'ddc must look like 895.9221' })
  ddc?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  series?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  summary?: string | null;

  @ApiPropertyOptional({ enum: AUDIENCES, default: 'adult' })
  @IsOptional()
  @IsIn(AUDIENCES)
  audience?: Audience;

  @ApiPropertyOptional({ enum: ACCESSIBLE_FORMATS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(ACCESSIBLE_FORMATS, { each: true })
  accessibleFormats?: AccessibleFormat[];

  @ApiPropertyOptional({ description: 'Tài liệu địa chí (local content)' })
  @IsOptional()
  @IsBoolean()
  localContent?: boolean;
}

export class CreateRecordDto extends RecordFieldsDto {
  @ApiPropertyOptional({ description: 'Owning institution (default: your only cataloguing institution)' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class UpdateRecordDto extends PartialType(RecordFieldsDto) {
  @ApiPropertyOptional({ description: 'Version you edited (optimistic locking)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/** A bibliographic record as the API shows it. */
export class BibRecordDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, description: 'Control number (MARC 001)', example: 'VN-TK-2015-001' })
  controlNumber: string | null;
  @ApiProperty({ format: 'uuid', description: 'Institution that catalogued it (only its cataloguers may edit it)' })
  ownerInstitutionId: string;
  @ApiProperty({ example: 'Truyện Kiều' }) title: string;
  @ApiProperty({ nullable: true, type: String, example: 'Đoạn trường tân thanh' }) subtitle: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Nguyễn Du ; Đào Duy Anh khảo đính' }) responsibility:
    string | null;
  @ApiProperty({ type: [AuthorDto] }) authors: AuthorDto[];
  @ApiProperty({ nullable: true, type: String, example: 'NXB Văn học' }) publisher: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Hà Nội' }) place: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 2015 }) year: number | null;
  @ApiProperty({ nullable: true, type: String, example: 'Tái bản lần thứ 3' }) edition: string | null;
  @ApiProperty({ type: [String], description: 'ISBN-13, normalised', example: ['9786041000001'] }) isbns: string[];
  @ApiProperty({ description: 'ISO 639-3 (vie, bru = Vân Kiều/Bru, pac = Pa Kô, …)', example: 'vie' }) language: string;
  @ApiProperty({ type: [String], example: ['Văn học cổ điển Việt Nam'] }) subjects: string[];
  @ApiProperty({ nullable: true, type: String, example: '895.9221' }) ddc: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Tủ sách Văn học trong nhà trường' }) series: string | null;
  @ApiProperty({ nullable: true, type: String }) summary: string | null;
  @ApiProperty({ enum: AUDIENCES }) audience: Audience;
  @ApiProperty({ enum: ACCESSIBLE_FORMATS, isArray: true }) accessibleFormats: AccessibleFormat[];
  @ApiProperty({ description: 'Tài liệu địa chí (local content)' }) localContent: boolean;
  @ApiProperty({ description: 'A cover image is at GET /catalogue/records/{id}/cover' }) hasCover: boolean;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({
    description: 'Send it back with PATCH to refuse the edit if someone changed the record meanwhile',
    example: 1,
  })
  version: number;

  static of(r: BibRecord): BibRecordDto {
    return {
      id: r.id,
      controlNumber: r.controlNumber,
      ownerInstitutionId: r.ownerInstitutionId,
      title: r.title,
      subtitle: r.subtitle,
      responsibility: r.responsibility,
      authors: r.authors.map((a) => ({ name: a.name, role: a.role })),
      publisher: r.publisher,
      place: r.place,
      year: r.year,
      edition: r.edition,
      isbns: r.isbns,
      language: r.language,
      subjects: r.subjects,
      ddc: r.ddc,
      series: r.series,
      summary: r.summary,
      audience: r.audience,
      accessibleFormats: r.accessibleFormats,
      localContent: r.localContent,
      hasCover: r.hasCover,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      version: r.version,
    };
  }
}

/** Copies of a record at one holding institution. */
export class HoldingDto {
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ nullable: true, type: String, example: 'Thư viện huyện Hướng Hóa' }) institutionName: string | null;
  @ApiProperty({ description: 'Copies it owns (withdrawn ones left out)', example: 3 }) copies: number;
  @ApiProperty({ description: 'Of those, on its shelf now', example: 2 }) available: number;
  @ApiProperty({ type: [String], example: ['895.9221 NG-D'] }) callNumbers: string[];

  static of(h: HoldingSummary): HoldingDto {
    return {
      institutionId: h.institutionId,
      institutionName: h.institutionName,
      copies: h.copies,
      available: h.available,
      callNumbers: h.callNumbers,
    };
  }
}

/** The record page: the record, who holds it and how many are on the shelf, and its digital resources. */
export class RecordDetailDto {
  @ApiProperty({ type: BibRecordDto }) record: BibRecordDto;
  @ApiProperty({ type: [HoldingDto] }) holdings: HoldingDto[];
  @ApiProperty({ type: [DigitalResourceDto] }) digitalResources: DigitalResourceDto[];

  static of(p: {
    record: BibRecord;
    holdings: HoldingSummary[];
    digitalResources: DigitalResource[];
  }): RecordDetailDto {
    return {
      record: BibRecordDto.of(p.record),
      holdings: p.holdings.map((h) => HoldingDto.of(h)),
      digitalResources: p.digitalResources.map((d) => DigitalResourceDto.of(d)),
    };
  }
}
