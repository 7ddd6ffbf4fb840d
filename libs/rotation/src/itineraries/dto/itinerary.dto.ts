import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsUUID,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { StageRow } from '../itineraries.repository.js';
import type { ItineraryView } from '../itineraries.service.js';

export class StageInputDto {
  @ApiProperty({
    format: 'uuid',
    description: 'Host: an institution of any type (commune library, school, border post…) or a service point.',
  })
  @IsUUID()
  hostId: string;

  @ApiProperty({ minimum: 1, maximum: 1100, example: 60, description: 'Planned length in days.' })
  @IsInt()
  @Min(1)
  @Max(1100)
  days: number;
}

export class StagesDto {
  @ApiProperty({ type: [StageInputDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => StageInputDto)
  stages: StageInputDto[];
}

export class CreateItineraryDto extends StagesDto {
  @ApiProperty({
    enum: ['one_way', 'cyclical'],
    description: 'one_way: home after the last stage; cyclical: the route starts over.',
  })
  @IsIn(['one_way', 'cyclical'])
  mode: 'one_way' | 'cyclical';

  @ApiProperty({
    example: '2026-12-07',
    description: 'First day (Vietnam date); each stage starts on its host’s next open day.',
  })
  @IsISO8601({ strict: true })
  startsOn: string;
}

export class StageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() seq: number;
  @ApiProperty({ description: 'Round of a cyclical itinerary (1 for one-way).' }) cycle: number;
  @ApiProperty({ format: 'uuid' }) hostInstitutionId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) hostServicePointId: string | null;
  @ApiProperty() plannedDays: number;
  @ApiProperty({ example: '2026-12-07' }) plannedStart: string;
  @ApiProperty({ example: '2027-02-04' }) plannedEnd: string;
  @ApiProperty({
    enum: ['planned', 'current', 'done', 'superseded'],
    description: 'superseded: replaced by an edit of the itinerary (kept as history).',
  })
  status: string;
  @ApiProperty({ nullable: true, type: Date }) startedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) endedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When the next shipment was proposed to the owner’s staff.' })
  proposedAt: Date | null;
  @ApiProperty({
    nullable: true,
    type: Date,
    description: 'When the stage was flagged late (past its planned end, not moved on).',
  })
  lateAt: Date | null;

  static of(s: StageRow): StageDto {
    return {
      id: s.id,
      seq: s.seq,
      cycle: s.cycle,
      hostInstitutionId: s.hostInstitutionId,
      hostServicePointId: s.hostServicePointId,
      plannedDays: s.plannedDays,
      plannedStart: s.plannedStart,
      plannedEnd: s.plannedEnd,
      status: s.status,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      proposedAt: s.proposedAt,
      lateAt: s.lateAt,
    };
  }
}

export class ItineraryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) collectionId: string;
  @ApiProperty({ enum: ['one_way', 'cyclical'] }) mode: string;
  @ApiProperty() startsOn: string;
  @ApiProperty({ enum: ['planned', 'running', 'finished', 'cancelled'] }) status: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;
  @ApiProperty({ type: [StageDto] }) stages: StageDto[];

  static of(i: ItineraryView): ItineraryDto {
    return {
      id: i.id,
      collectionId: i.collectionId,
      mode: i.mode,
      startsOn: i.startsOn,
      status: i.status,
      createdAt: i.createdAt,
      finishedAt: i.finishedAt,
      stages: i.stages.map((s) => StageDto.of(s)),
    };
  }
}
