import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ITEM_OUTCOMES, type ImportReport, type ItemOutcome, type MatchRule } from '../marc-import.service.js';
import type { MarcFormat } from '../marc-reader.js';

export class MarcImportQueryDto {
  @ApiPropertyOptional({ description: 'Institution the records are catalogued for (default: your only one)' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({
    enum: ['overlay', 'skip'],
    default: 'skip',
    description:
      'What to do when a record matches an existing one (control number, then ISBN); unmatched records are created',
  })
  @IsOptional()
  @IsIn(['overlay', 'skip'])
  onMatch?: 'overlay' | 'skip';

  @ApiPropertyOptional({ description: 'Stage and apply in one call (default: stage only)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  apply?: 'true' | 'false';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  fileName?: string;
}

export class MarcExportQueryDto {
  @ApiPropertyOptional({ type: [String], description: 'Record ids (comma-separated or repeated), at most 1000' })
  @Transform(({ value }) =>
    (Array.isArray(value) ? value : String(value ?? '').split(',')).map((v: string) => v.trim()).filter(Boolean),
  )
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  ids: string[];

  @ApiPropertyOptional({ enum: ['iso2709', 'marcxml'], default: 'marcxml' })
  @IsOptional()
  @IsIn(['iso2709', 'marcxml'])
  format?: 'iso2709' | 'marcxml';
}

export class MarcImportErrorDto {
  @ApiProperty({ example: 'catalogue/invalid_isbn' }) code: string;
  @ApiProperty({ example: 'invalid ISBN: 978-604-123456-0' }) message: string;
}

/** One record of the file, with what was (or would be) done with it. */
export class MarcImportItemDto {
  @ApiProperty({ description: 'Position in the file, from 1', example: 1 }) position: number;
  @ApiProperty({ nullable: true, type: String, example: 'Lục Vân Tiên' }) title: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'VN-LVT-1' }) controlNumber: string | null;
  @ApiProperty({ type: [String] }) isbns: string[];
  @ApiProperty({ enum: ITEM_OUTCOMES, description: 'pending until applied; invalid records are never applied' })
  outcome: ItemOutcome;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The record created, overlaid or matched' })
  recordId: string | null;
  @ApiProperty({
    nullable: true,
    enum: ['control_number', 'isbn'],
    description: 'How an existing record was (or would be) matched',
  })
  matchedOn: 'control_number' | 'isbn' | null;
  @ApiProperty({ nullable: true, type: MarcImportErrorDto }) error: MarcImportErrorDto | null;
}

export class MarcImportCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() invalid: number;
  @ApiProperty() created: number;
  @ApiProperty() overlaid: number;
  @ApiProperty() skipped: number;
  @ApiProperty() failed: number;
}

/** A staged or applied MARC import batch. */
export class MarcImportReportDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ enum: ['iso2709', 'marcxml'] }) format: MarcFormat;
  @ApiProperty({ enum: ['overlay', 'skip'] }) onMatch: MatchRule;
  @ApiProperty({ enum: ['staged', 'applied'] }) status: 'staged' | 'applied';
  @ApiProperty({ description: 'How many times it was applied', example: 1 }) runs: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) appliedAt: Date | null;
  @ApiProperty({ type: MarcImportCountsDto }) counts: MarcImportCountsDto;
  @ApiProperty({ type: [MarcImportItemDto] }) items: MarcImportItemDto[];

  static of(r: ImportReport): MarcImportReportDto {
    return {
      id: r.id,
      institutionId: r.institutionId,
      format: r.format,
      onMatch: r.onMatch,
      status: r.status,
      runs: r.runs,
      createdAt: r.createdAt,
      appliedAt: r.appliedAt,
      counts: {
        pending: r.counts.pending,
        invalid: r.counts.invalid,
        created: r.counts.created,
        overlaid: r.counts.overlaid,
        skipped: r.counts.skipped,
        failed: r.counts.failed,
      },
      items: r.items.map((it) => ({
        position: it.position,
        title: it.title,
        controlNumber: it.controlNumber,
        isbns: it.isbns,
        outcome: it.outcome,
        recordId: it.recordId,
        matchedOn: it.matchedOn,
        error: it.error ? { code: it.error.code, message: it.error.message } : null,
      })),
    };
  }
}
