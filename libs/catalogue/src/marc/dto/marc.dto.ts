import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class MarcImportQueryDto {
  @ApiPropertyOptional({ description: 'Institution the records are catalogued for (default: your only one)' }) @IsOptional() @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ enum: ['overlay', 'skip'], default: 'skip', description: 'What to do when a record matches an existing one (control number, then ISBN); unmatched records are created' })
  @IsOptional() @IsIn(['overlay', 'skip'])
  onMatch?: 'overlay' | 'skip';

  @ApiPropertyOptional({ description: 'Stage and apply in one call (default: stage only)' }) @IsOptional() @IsIn(['true', 'false'])
  apply?: 'true' | 'false';

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
  fileName?: string;
}

export class MarcExportQueryDto {
  @ApiPropertyOptional({ type: [String], description: 'Record ids (comma-separated or repeated), at most 1000' })
  @Transform(({ value }) => (Array.isArray(value) ? value : String(value ?? '').split(',')).map((v: string) => v.trim()).filter(Boolean))
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(1000) @IsUUID('all', { each: true })
  ids: string[];

  @ApiPropertyOptional({ enum: ['iso2709', 'marcxml'], default: 'marcxml' }) @IsOptional() @IsIn(['iso2709', 'marcxml'])
  format?: 'iso2709' | 'marcxml';
}
