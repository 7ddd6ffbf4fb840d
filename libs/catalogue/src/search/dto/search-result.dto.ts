import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const AVAILABILITY = ['on_shelf', 'online', 'unavailable'] as const;

export class SearchHighlightDto {
  @ApiProperty({
    description: 'Title with matched words in <mark>…</mark> (HTML-escaped otherwise)',
    example: '<mark>Truyện</mark> <mark>Kiều</mark>',
  })
  title: string;
  @ApiProperty({ type: [String], example: ['Nguyễn Du'] }) authors: string[];
}

export class AvailableAtDto {
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ nullable: true, type: String, example: 'Thư viện huyện Hướng Hóa' }) name: string | null;
}

/** One matching record, as the public sees it. */
export class SearchHitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Truyện Kiều' }) title: string;
  @ApiProperty({ nullable: true, type: String }) subtitle: string | null;
  @ApiProperty({ type: [String], example: ['Nguyễn Du'] }) authors: string[];
  @ApiProperty({ nullable: true, type: String, example: 'Nhà xuất bản Văn học' }) publisher: string | null;
  @ApiProperty({ nullable: true, type: Number, example: 2019 }) year: number | null;
  @ApiProperty({ type: [String], description: 'Normalised ISBN-13s', example: ['9786049690583'] }) isbns: string[];
  @ApiProperty({ description: 'ISO 639-3 (vie, bru — Vân Kiều, pko — Pa Kô…)', example: 'vie' }) language: string;
  @ApiProperty({
    type: [String],
    description: 'print_book, ebook, audiobook, video, heritage_document, braille, large_print, audio_daisy, easy_read',
  })
  formats: string[];
  @ApiProperty({ enum: ['children', 'youth', 'adult'] }) audience: 'children' | 'youth' | 'adult';
  @ApiProperty({ type: [String], example: ['Văn học Việt Nam'] }) subjects: string[];
  @ApiProperty({ description: 'Local-content document (tài liệu địa chí)' }) localContent: boolean;
  @ApiProperty() hasCover: boolean;
  @ApiProperty({ type: SearchHighlightDto }) highlight: SearchHighlightDto;
  @ApiProperty({ type: [AvailableAtDto], description: 'Institutions with a copy on the shelf now' })
  availableAt: AvailableAtDto[];
  @ApiProperty({ enum: AVAILABILITY, isArray: true }) availability: (typeof AVAILABILITY)[number][];
}

export class FacetCountDto {
  @ApiProperty({ example: 'vie' }) value: string;
  @ApiProperty({ example: 1240 }) count: number;
}

export class SearchFacetsDto {
  @ApiPropertyOptional({ type: [FacetCountDto] }) format?: FacetCountDto[];
  @ApiPropertyOptional({ type: [FacetCountDto] }) language?: FacetCountDto[];
  @ApiPropertyOptional({ type: [FacetCountDto] }) audience?: FacetCountDto[];
  @ApiPropertyOptional({ type: [FacetCountDto] }) subject?: FacetCountDto[];
  @ApiPropertyOptional({ type: [FacetCountDto], description: 'Institution ids holding a copy' })
  institution?: FacetCountDto[];
  @ApiPropertyOptional({ type: [FacetCountDto] }) availability?: FacetCountDto[];
  @ApiPropertyOptional({ type: [FacetCountDto] }) year?: FacetCountDto[];
}

export class SearchResultDto {
  @ApiProperty({ type: [SearchHitDto] }) hits: SearchHitDto[];
  @ApiProperty({
    description: 'Matching records; a lower bound (PostgreSQL) or an estimate (Meilisearch) when totalIsExact is false',
  })
  total: number;
  @ApiProperty() totalIsExact: boolean;
  @ApiProperty({
    type: SearchFacetsDto,
    description: 'Top values of each facet with their counts (empty when facets=false)',
  })
  facets: SearchFacetsDto;
  @ApiProperty({ description: 'Facet counts were taken over the first 1,000 ranked matches, not all of them' })
  facetsApproximate: boolean;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ enum: ['postgres', 'meilisearch'] }) backend: 'postgres' | 'meilisearch';
  @ApiProperty({ description: 'Time the search backend took, in milliseconds' }) tookMs: number;
}
