import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import type { VisitRow } from '../mobile-routes.repository.js';
import type { RouteView, UpcomingStop } from '../mobile-routes.service.js';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const list = ({ value }: { value: unknown }) =>
  value === undefined
    ? undefined
    : (Array.isArray(value) ? value : String(value).split(',')).map((v) => String(v).trim()).filter(Boolean);

export class StopInputDto {
  @ApiProperty({ example: 'Nhà văn hóa thôn Xa Bai' })
  @IsString()
  @Length(1, 300)
  place: string;

  @ApiProperty({
    format: 'uuid',
    description: 'The commune (administrative unit) the stop is in: its visits count there.',
  })
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'A service point of the institution at this stop.',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  servicePointId?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    minimum: 1,
    maximum: 7,
    description: 'Weekly slot: ISO weekday, 1 = Monday … 7 = Sunday.',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(7)
  weekday?: number | null;

  @ApiProperty({ example: '07:30', description: 'HH:MM, Vietnam time.' })
  @Matches(TIME)
  startsAt: string;

  @ApiProperty({ example: '10:30', description: 'HH:MM, Vietnam time; after startsAt.' })
  @Matches(TIME)
  endsAt: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['2026-12-12'],
    description: 'Dated visits (beside or instead of the weekly slot).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @IsISO8601({ strict: true }, { each: true })
  dates?: string[];
}

export class CreateRouteDto {
  @ApiProperty({ format: 'uuid', description: 'The library running the mobile library.' })
  @IsUUID()
  institutionId: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The mobile service point (the vehicle), if the institution has one.',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  servicePointId?: string | null;

  @ApiProperty({ example: 'Tuyến lưu động Hướng Hóa – A Dơi' })
  @IsString()
  @Length(1, 300)
  name: string;

  @ApiProperty({ type: [StopInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => StopInputDto)
  stops: StopInputDto[];
}

export class RouteQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Routes of this institution (default: yours, or your jurisdiction’s).',
  })
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

export class UpcomingStopsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    type: [String],
    description: 'Stops of these institutions (repeated or comma-separated ids), e.g. the libraries holding a title.',
  })
  @IsOptional()
  @Transform(list)
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  institutionIds?: string[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Stops in this unit or any unit under it (a province, a commune).',
  })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ example: '2026-12-07', description: 'First day (Vietnam date); default today.' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 92, default: 14, description: 'How many days from `from`.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(92)
  days?: number;
}

export class RecordVisitDto {
  @ApiProperty({ example: '2026-12-05', description: 'The day of the visit (Vietnam date), not after today.' })
  @IsISO8601({ strict: true })
  visitedOn: string;

  @ApiProperty({ example: 37, description: 'People who came to the stop.' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  headcount: number;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'Trời mưa, dời sang nhà văn hóa' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 2000)
  note?: string | null;
}

export class StopDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() seq: number;
  @ApiProperty({ example: 'Nhà văn hóa thôn Xa Bai' }) place: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ nullable: true, type: String, example: 'Xã A Dơi' }) unitName: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) servicePointId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'ISO weekday of the weekly slot (1 = Monday).' }) weekday:
    number | null;
  @ApiProperty({ example: '07:30' }) startsAt: string;
  @ApiProperty({ example: '10:30' }) endsAt: string;
  @ApiProperty({ type: [String] }) dates: string[];
  @ApiProperty({ description: 'Visits recorded.' }) visits: number;
  @ApiProperty({ description: 'People counted over the recorded visits.' }) headcount: number;

  static of(s: RouteView['stops'][number]): StopDto {
    return {
      id: s.id,
      seq: s.seq,
      place: s.place,
      unitId: s.unitId,
      unitName: s.unitName,
      servicePointId: s.servicePointId,
      weekday: s.weekday,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      dates: s.dates,
      visits: s.visits,
      headcount: s.headcount,
    };
  }
}

export class RouteDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ nullable: true, type: String }) institutionName: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) servicePointId: string | null;
  @ApiProperty() name: string;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: [StopDto] }) stops: StopDto[];

  static of(r: RouteView): RouteDto {
    return {
      id: r.id,
      institutionId: r.institutionId,
      institutionName: r.institutionName,
      servicePointId: r.servicePointId,
      name: r.name,
      active: r.active,
      stops: r.stops.map((s) => StopDto.of(s)),
    };
  }
}

export class RoutePageDto {
  @ApiProperty({ type: [RouteDto] }) items: RouteDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class UpcomingStopDto {
  @ApiProperty({ format: 'uuid' }) stopId: string;
  @ApiProperty({ format: 'uuid' }) routeId: string;
  @ApiProperty({ example: 'Tuyến lưu động Hướng Hóa – A Dơi' }) routeName: string;
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ nullable: true, type: String, example: 'Thư viện huyện Hướng Hóa' }) institutionName: string | null;
  @ApiProperty({ example: 'Nhà văn hóa thôn Xa Bai' }) place: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ nullable: true, type: String, example: 'Xã A Dơi' }) unitName: string | null;
  @ApiProperty({ example: '2026-12-07', description: 'Vietnam date.' }) date: string;
  @ApiProperty({ example: '07:30', description: 'Vietnam time.' }) startsAt: string;
  @ApiProperty({ example: '10:30' }) endsAt: string;

  static of(u: UpcomingStop): UpcomingStopDto {
    return {
      stopId: u.stopId,
      routeId: u.routeId,
      routeName: u.routeName,
      institutionId: u.institutionId,
      institutionName: u.institutionName,
      place: u.place,
      unitId: u.unitId,
      unitName: u.unitName,
      date: u.date,
      startsAt: u.startsAt,
      endsAt: u.endsAt,
    };
  }
}

export class UpcomingStopPageDto {
  @ApiProperty({ type: [UpcomingStopDto] }) items: UpcomingStopDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}

export class StopVisitDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) stopId: string;
  @ApiProperty({ example: '2026-12-05' }) visitedOn: string;
  @ApiProperty() headcount: number;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() recordedAt: Date;

  static of(v: VisitRow): StopVisitDto {
    return {
      id: v.id,
      stopId: v.stopId,
      visitedOn: v.visitedOn,
      headcount: v.headcount,
      note: v.note,
      recordedAt: v.recordedAt,
    };
  }
}

export class StopVisitPageDto {
  @ApiProperty({ type: [StopVisitDto] }) items: StopVisitDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
