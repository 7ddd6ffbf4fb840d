import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ACCESSIBLE_FORMATS, AUDIENCES, AUTHOR_ROLES, type AccessibleFormat, type Audience, type AuthorRole } from '../../catalogue.types.js';

export class AuthorDto {
  @ApiProperty({ example: 'Nguyễn Du' }) @IsString() @MinLength(1) @MaxLength(300)
  name: string;

  @ApiProperty({ enum: AUTHOR_ROLES, example: 'author' }) @IsIn(AUTHOR_ROLES)
  role: AuthorRole;
}

/** Fields of a bibliographic record (biểu ghi thư mục). */
export class RecordFieldsDto {
  @ApiPropertyOptional({ description: 'Control number (MARC 001), unique' }) @IsOptional() @IsString() @MaxLength(100)
  controlNumber?: string | null;

  @ApiProperty({ example: 'Truyện Kiều' }) @IsString() @MinLength(1) @MaxLength(1000)
  title: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000)
  subtitle?: string | null;

  @ApiPropertyOptional({ description: 'Statement of responsibility', example: 'Nguyễn Du ; Đào Duy Anh khảo đính' }) @IsOptional() @IsString() @MaxLength(1000)
  responsibility?: string | null;

  @ApiPropertyOptional({ type: [AuthorDto] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => AuthorDto)
  authors?: AuthorDto[];

  @ApiPropertyOptional({ example: 'NXB Văn học' }) @IsOptional() @IsString() @MaxLength(300)
  publisher?: string | null;

  @ApiPropertyOptional({ example: 'Hà Nội' }) @IsOptional() @IsString() @MaxLength(300)
  place?: string | null;

  @ApiPropertyOptional({ example: 2015 }) @IsOptional() @IsInt() @Min(1000) @Max(2200)
  year?: number | null;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  edition?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'ISBN-10 or ISBN-13, with or without hyphens; stored as ISBN-13', example: ['978-604-1-00000-1'] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(30, { each: true })
  isbns?: string[];

  @ApiProperty({ description: 'ISO 639-3 (vie, bru = Vân Kiều/Bru, pac = Pa Kô, …)', example: 'vie' }) @Matches(/^[a-zA-Z]{3}$/)
  language: string;

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(300, { each: true })
  subjects?: string[];

  @ApiPropertyOptional({ example: '895.9221' }) @IsOptional() @IsString() @Matches(/^\d{3}(\.\d+)?$/, { message: 'ddc must look like 895.9221' })
  ddc?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(300)
  series?: string | null;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10000)
  summary?: string | null;

  @ApiPropertyOptional({ enum: AUDIENCES, default: 'adult' }) @IsOptional() @IsIn(AUDIENCES)
  audience?: Audience;

  @ApiPropertyOptional({ enum: ACCESSIBLE_FORMATS, isArray: true }) @IsOptional() @IsArray() @IsIn(ACCESSIBLE_FORMATS, { each: true })
  accessibleFormats?: AccessibleFormat[];

  @ApiPropertyOptional({ description: 'Tài liệu địa chí (local content)' }) @IsOptional() @IsBoolean()
  localContent?: boolean;
}

export class CreateRecordDto extends RecordFieldsDto {
  @ApiPropertyOptional({ description: 'Owning institution (default: your only cataloguing institution)' }) @IsOptional() @IsUUID()
  institutionId?: string;
}

export class UpdateRecordDto extends PartialType(RecordFieldsDto) {
  @ApiPropertyOptional({ description: 'Version you edited (optimistic locking)' }) @IsOptional() @IsInt() @Min(1)
  version?: number;
}
