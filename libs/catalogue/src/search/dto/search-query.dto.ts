import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const list = ({ value }: { value: unknown }) =>
  value === undefined
    ? undefined
    : (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);

/** `GET /catalogue/search` query. Repeated or comma-separated values of one filter are OR-ed; filters are AND-ed. */
export class SearchQueryDto {
  @ApiPropertyOptional({
    description:
      'Words, with or without diacritics, or an ISBN in any form. The last word is matched as a prefix while typed (`truyen ki`; a number of ' +
      'three digits or more also completes into ISBNs) and as a whole word once a space follows it (`truyen `).',
    example: 'truyen kieu',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ type: [String], example: ['print_book', 'ebook'] })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  format?: string[];

  @ApiPropertyOptional({ type: [String], description: 'ISO 639-3', example: ['vie', 'bru'] })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  language?: string[];

  @ApiPropertyOptional({ type: [String], example: ['children'] })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(3)
  @IsIn(['children', 'youth', 'adult'], { each: true })
  audience?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  subject?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Institution ids' })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  institution?: string[];

  @ApiPropertyOptional({ type: [String], example: ['on_shelf'] })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @IsIn(['on_shelf', 'online', 'unavailable'], { each: true })
  availability?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(2200)
  yearFrom?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(2200)
  yearTo?: number;

  @ApiPropertyOptional({ enum: ['relevance', 'newest', 'title'], default: 'relevance' })
  @IsOptional()
  @IsIn(['relevance', 'newest', 'title'])
  sort?: 'relevance' | 'newest' | 'title';

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 10000, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10000)
  offset?: number;

  @ApiPropertyOptional({
    description:
      'Set to false to skip facet counts. Counts are exact up to 1,000 matches; past that (PostgreSQL backend) they are counted over the ' +
      '1,000 ranked records and the response says `facetsApproximate: true` (and `totalIsExact: false`, `total` being a lower bound).',
    default: true,
  })
  @IsOptional()
  @Transform(({ value }) =>
    value === 'false' || value === false ? false : value === 'true' || value === true ? true : value,
  )
  @IsIn([true, false])
  facets?: boolean;
}
