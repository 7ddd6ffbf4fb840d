import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import {
  HOLDING_OUTCOMES,
  ITEM_OUTCOMES,
  type HoldingOutcome,
  type ImportError,
  type ImportReport,
  type ItemOutcome,
  type MatchRule,
} from '../marc-import.service.js';
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

  @ApiPropertyOptional({
    type: [String],
    description:
      'The code table of the file’s holdings: each library code used in 852 $a or Koha’s 952 $a/$b, with the institution it stands for, as CODE:institutionId (comma-separated or repeated; codes compared without regard to case). A holding whose code is not in the table is refused.',
    example: ['TVHH:3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b'],
  })
  @IsOptional()
  @Transform(({ value }) =>
    (Array.isArray(value) ? value : String(value ?? '').split(',')).map((v: string) => v.trim()).filter(Boolean),
  )
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(/^[^:,\s][^:,]{0,39}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    each: true,
    message: 'each entry of libraryCodes is CODE:institutionId (a code of at most 40 characters, then a UUID)',
  })
  libraryCodes?: string[];
}

/** A code table entry list → code → institution id (the last entry of a code wins). */
export const codeTable = (entries: string[] | undefined): Record<string, string> =>
  Object.fromEntries(
    (entries ?? []).map((e) => {
      const at = e.lastIndexOf(':');
      return [e.slice(0, at).trim(), e.slice(at + 1).toLowerCase()];
    }),
  );

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
  @ApiProperty({ example: 'marc/unknown_library_code' }) code: string;
  @ApiProperty({ example: 'Library code "TVXYZ" of holding HH-000123 is not in the code table sent with the import.' })
  message: string;
  @ApiProperty({ example: 'Mã thư viện "TVXYZ" của bản sách HH-000123 không có trong bảng mã gửi kèm khi nhập.' })
  messageVi: string;

  static of(e: ImportError): MarcImportErrorDto {
    return { code: e.code, message: e.message, messageVi: e.messageVi };
  }
}

/** One holding field (852, or Koha's 952) of a record: the copy it describes and what became of it. */
export class MarcImportHoldingDto {
  @ApiProperty({ enum: ['852', '952'] }) tag: '852' | '952';
  @ApiProperty({ nullable: true, type: String, example: 'HH-000123' }) barcode: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Home library code (852 $a, 952 $a)', example: 'TVHH' })
  libraryCode: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Holding library code when another (952 $b)' })
  locationCode: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Home institution, from the code table' })
  institutionId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Where the copy is, from the code table' })
  locationInstitutionId: string | null;
  @ApiProperty({ nullable: true, type: String, example: '895.922 NG-D' }) callNumber: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Kho mở tầng 1' }) shelfLocation: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 85000 }) priceVnd: number | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', example: '2024-03-05' }) acquiredOn: string | null;
  @ApiProperty({
    enum: HOLDING_OUTCOMES,
    description:
      'pending until applied; created: a new copy; exists: a copy of this record already has the barcode; refused: see error',
  })
  outcome: HoldingOutcome;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) copyId: string | null;
  @ApiProperty({ nullable: true, type: MarcImportErrorDto }) error: MarcImportErrorDto | null;
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
  @ApiProperty({ type: [MarcImportHoldingDto], description: 'The record’s holdings (852, 952), each with its outcome' })
  holdings: MarcImportHoldingDto[];
}

export class MarcImportHoldingCountsDto {
  @ApiProperty() pending: number;
  @ApiProperty() created: number;
  @ApiProperty() exists: number;
  @ApiProperty() refused: number;
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
  @ApiProperty({ type: MarcImportHoldingCountsDto, description: 'Holdings of all records, by outcome' })
  holdingCounts: MarcImportHoldingCountsDto;
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
      holdingCounts: {
        pending: r.holdingCounts.pending,
        created: r.holdingCounts.created,
        exists: r.holdingCounts.exists,
        refused: r.holdingCounts.refused,
      },
      items: r.items.map((it) => ({
        position: it.position,
        title: it.title,
        controlNumber: it.controlNumber,
        isbns: it.isbns,
        outcome: it.outcome,
        recordId: it.recordId,
        matchedOn: it.matchedOn,
        error: it.error ? MarcImportErrorDto.of(it.error) : null,
        holdings: it.holdings.map((h) => ({
          tag: h.tag,
          barcode: h.barcode,
          libraryCode: h.libraryCode,
          locationCode: h.locationCode,
          institutionId: h.institutionId,
          locationInstitutionId: h.locationInstitutionId,
          callNumber: h.callNumber,
          shelfLocation: h.shelfLocation,
          priceVnd: h.priceVnd,
          acquiredOn: h.acquiredOn,
          outcome: h.outcome,
          copyId: h.copyId,
          error: h.error ? MarcImportErrorDto.of(h.error) : null,
        })),
      })),
    };
  }
}
