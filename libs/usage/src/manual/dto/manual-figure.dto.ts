import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNumber, IsUUID, Matches, Max, Min } from 'class-validator';
import { USAGE_EVENT_KINDS, type CountBasis, type UsageEventKind } from '../../events/usage-event.types.js';

export class EnterManualFigureDto {
  @ApiProperty() @IsUUID() institutionId: string;
  @ApiProperty({ enum: USAGE_EVENT_KINDS }) @IsIn(USAGE_EVENT_KINDS as unknown as string[]) kind: UsageEventKind;
  @ApiProperty({ enum: ['month', 'year'] }) @IsIn(['month', 'year']) grain: 'month' | 'year';
  @ApiProperty({ description: 'YYYY-MM for a month, YYYY for a year.', example: '2024-03' })
  @Matches(/^\d{4}(-\d{2})?$/)
  period: string;
  @ApiProperty() @IsNumber({ maxDecimalPlaces: 1 }) @Min(0) @Max(1e12) value: number;
  @ApiProperty({ enum: ['counted', 'estimated'] }) @IsIn(['counted', 'estimated']) basis: CountBasis;
}

export class ManualFigureDto {
  @ApiProperty() id: string;
  @ApiProperty() institutionId: string;
  @ApiProperty() unitId: string;
  @ApiProperty() kind: string;
  @ApiProperty() grain: string;
  @ApiProperty() periodStart: string;
  @ApiProperty() value: number;
  @ApiProperty() basis: string;
  @ApiProperty() enteredBy: string;
  @ApiProperty() enteredAt: string;
  @ApiProperty({ description: 'Always true: a figure typed in by staff, not counted by the system.' }) manual: true;
  @ApiProperty({ type: Number, nullable: true, description: 'Value of the figure this one replaced.' }) replacedValue:
    number | null;
}
