import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DATE_MESSAGE } from '../../units/dto/unit.dto.js';
import type { CalendarDay, Closure } from '../calendar.service.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class OpeningIntervalDto {
  @ApiProperty({ minimum: 1, maximum: 7, description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;

  @ApiProperty({ example: '07:30' })
  @Matches(TIME, { message: 'must be HH:MM' })
  opens: string;

  @ApiProperty({ example: '11:30' })
  @Matches(TIME, { message: 'must be HH:MM' })
  closes: string;
}

export class WeeklyHoursDto {
  @ApiProperty({ type: [OpeningIntervalDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => OpeningIntervalDto)
  intervals: OpeningIntervalDto[];
}

export class ClosureInputDto {
  @ApiProperty({ example: '2026-02-16' })
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  startsOn: string;

  @ApiProperty({ example: '2026-02-20' })
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  endsOn: string;

  @ApiProperty({ example: 'Tết Nguyên đán Bính Ngọ' })
  @IsString()
  @Length(1, 300)
  reason: string;
}

export class CalendarQueryDto {
  @ApiProperty({ example: '2026-02-01' })
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  from: string;

  @ApiProperty({ example: '2026-02-28' })
  @Matches(DATE, DATE_MESSAGE)
  @IsISO8601({ strict: true })
  to: string;
}

export class HolidayQueryDto {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  year?: number;
}

export class ClosureDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String, description: 'null for a nationwide holiday' }) institutionId:
    string | null;
  @ApiProperty() startsOn: string;
  @ApiProperty() endsOn: string;
  @ApiProperty({ enum: ['holiday', 'closure'] }) kind: 'holiday' | 'closure';
  @ApiProperty() reason: string;
  static of(c: Closure): ClosureDto {
    return {
      id: c.id,
      institutionId: c.institutionId,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      kind: c.kind,
      reason: c.reason,
    };
  }
}

/** The public holidays of a year, as added. */
export class PublicHolidaysDto {
  @ApiProperty({ example: 2027 }) year: number;
  @ApiProperty({ type: [ClosureDto] }) holidays: ClosureDto[];
}

class IntervalDto {
  @ApiProperty() opens: string;
  @ApiProperty() closes: string;
}

export class CalendarDayDto {
  @ApiProperty() date: string;
  @ApiProperty() weekday: number;
  @ApiProperty() open: boolean;
  @ApiProperty({ type: [IntervalDto] }) intervals: IntervalDto[];
  @ApiProperty({ nullable: true, type: String }) closedFor: string | null;
  static of(d: CalendarDay): CalendarDayDto {
    return { date: d.date, weekday: d.weekday, open: d.open, intervals: d.intervals, closedFor: d.closedFor };
  }
}
