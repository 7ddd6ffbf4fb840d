import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { DIGITAL_ACCESS, DIGITAL_KINDS, type DigitalAccess, type DigitalKind } from '../../catalogue.types.js';

export class CreateDigitalResourceDto {
  @ApiProperty() @IsUUID()
  institutionId: string;

  @ApiProperty({ enum: DIGITAL_KINDS }) @IsIn(DIGITAL_KINDS)
  kind: DigitalKind;

  @ApiPropertyOptional({ enum: DIGITAL_ACCESS, default: 'open', description: 'open: anyone; loan: an active e-loan; staff: staff of the institution' })
  @IsOptional() @IsIn(DIGITAL_ACCESS)
  access?: DigitalAccess;

  @ApiPropertyOptional({ example: 'Bản PDF số hóa' }) @IsOptional() @IsString() @MaxLength(300)
  label?: string;
}
