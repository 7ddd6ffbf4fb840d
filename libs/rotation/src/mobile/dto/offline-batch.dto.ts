import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import type { OpRow } from '../offline-batches.repository.js';
import type { BatchView } from '../offline-batches.service.js';

export class OfflineOpDto {
  @ApiProperty({
    example: 'op-000017',
    description: 'Unique within the batch (the device’s own id for the operation).',
  })
  @IsString()
  @Length(1, 100)
  clientOpId: string;

  @ApiProperty({ enum: ['checkout', 'checkin', 'renewal'] })
  @IsIn(['checkout', 'checkin', 'renewal'])
  kind: 'checkout' | 'checkin' | 'renewal';

  @ApiPropertyOptional({ example: 'QT2025000123', description: 'Patron card (checkouts).' })
  @ValidateIf((o: OfflineOpDto) => o.kind === 'checkout')
  @IsString()
  @Length(1, 40)
  cardNumber?: string;

  @ApiProperty({ example: 'QT-LC-000101' })
  @IsString()
  @Length(1, 40)
  barcode: string;

  @ApiProperty({
    example: '2026-11-28T03:15:00Z',
    description: 'When it happened on the device; operations are applied in this order.',
  })
  @IsISO8601({ strict: true })
  at: string;
}

export class UploadBatchDto {
  @ApiProperty({ format: 'uuid', description: 'The mobile library (its circulation staff upload).' })
  @IsUUID()
  institutionId: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The stop (service point) where it was captured.',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  servicePointId?: string | null;

  @ApiProperty({ example: 'may-tinh-bang-xe-01' })
  @IsString()
  @Length(1, 100)
  deviceId: string;

  @ApiProperty({
    example: '2026-11-28-huong-lap',
    description:
      'The device’s id for this batch: a second upload of it is answered with the first result, never applied twice.',
  })
  @IsString()
  @Length(1, 100)
  clientBatchId: string;

  @ApiProperty({ type: [OfflineOpDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => OfflineOpDto)
  ops: OfflineOpDto[];
}

export class ResolveOpDto {
  @ApiProperty({ example: 'Bạn đọc đã trả bản sách tại quầy, đã ghi lại lượt mượn' })
  @IsString()
  @Length(3, 1000)
  note: string;
}

export class OfflineOpResultDto {
  @ApiProperty({ description: 'Order applied in (by time on the device).' }) seq: number;
  @ApiProperty() clientOpId: string;
  @ApiProperty({ enum: ['checkout', 'checkin', 'renewal'] }) kind: string;
  @ApiProperty({ nullable: true, type: String }) cardNumber: string | null;
  @ApiProperty() barcode: string;
  @ApiProperty() occurredAt: Date;
  @ApiProperty({ enum: ['pending', 'applied', 'conflict', 'resolved'] }) outcome: string;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Why it could not be applied, e.g. circulation/copy_on_loan.',
  })
  code: string | null;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ nullable: true, type: String }) messageVi: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) loanId: string | null;
  @ApiProperty({ nullable: true, type: Date }) resolvedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) resolutionNote: string | null;

  static of(o: OpRow): OfflineOpResultDto {
    return {
      seq: o.seq,
      clientOpId: o.clientOpId,
      kind: o.kind,
      cardNumber: o.cardNumber,
      barcode: o.barcode,
      occurredAt: o.occurredAt,
      outcome: o.outcome,
      code: o.code,
      message: o.message,
      messageVi: o.messageVi,
      loanId: o.loanId,
      resolvedAt: o.resolvedAt,
      resolutionNote: o.resolutionNote,
    };
  }
}

export class OfflineBatchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) servicePointId: string | null;
  @ApiProperty() deviceId: string;
  @ApiProperty() clientBatchId: string;
  @ApiProperty({ enum: ['applying', 'applied'] }) status: string;
  @ApiProperty({ description: 'This upload found the batch already sent: nothing was applied again.' })
  replayed: boolean;
  @ApiProperty() submittedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) appliedAt: Date | null;
  @ApiProperty({ description: 'Operations waiting for staff.' }) conflicts: number;
  @ApiProperty({ type: [OfflineOpResultDto] }) ops: OfflineOpResultDto[];

  static of(b: BatchView): OfflineBatchDto {
    return {
      id: b.id,
      institutionId: b.institutionId,
      servicePointId: b.servicePointId,
      deviceId: b.deviceId,
      clientBatchId: b.clientBatchId,
      status: b.status,
      replayed: b.replayed,
      submittedAt: b.submittedAt,
      appliedAt: b.appliedAt,
      conflicts: b.conflicts,
      ops: b.ops.map((o) => OfflineOpResultDto.of(o)),
    };
  }
}
