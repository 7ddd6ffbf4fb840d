import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import type { ItemRow } from '../shipments.repository.js';
import type { ReceiptResult, ShipmentView } from '../shipments.service.js';
import type { ShipmentRow } from '../shipments.repository.js';

export class PrepareShipmentDto {
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Gửi kèm 2 thùng, xe huyện đi thứ Hai' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 2000)
  note?: string | null;
}

export class DamageDto {
  @ApiProperty()
  @IsString()
  @Length(1, 40)
  barcode: string;

  @ApiProperty({ example: 'Bìa rách, ướt mưa' })
  @IsString()
  @Length(3, 1000)
  note: string;
}

export class CloseShipmentDto {
  @ApiPropertyOptional({ type: [DamageDto], description: 'Received copies found damaged.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => DamageDto)
  damaged?: DamageDto[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Recorded on the missing copies’ journey.' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(0, 2000)
  note?: string | null;
}

export class ShipmentQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Sent from, sent to, or owned by this institution.' })
  @IsOptional()
  @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  collectionId?: string;

  @ApiPropertyOptional({ enum: ['preparing', 'in_transit', 'closed', 'cancelled'] })
  @IsOptional()
  @IsIn(['preparing', 'in_transit', 'closed', 'cancelled'])
  status?: string;
}

export class ShipmentItemDto {
  @ApiProperty({ format: 'uuid' }) copyId: string;
  @ApiProperty() barcode: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) callNumber: string | null;
  @ApiProperty({ enum: ['packed', 'to_follow', 'received', 'missing', 'damaged'] }) state: string;
  @ApiProperty({ nullable: true, type: Date }) receivedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;

  static of(i: ItemRow): ShipmentItemDto {
    return {
      copyId: i.copyId,
      barcode: i.barcode,
      title: i.title,
      callNumber: i.callNumber,
      state: i.state,
      receivedAt: i.receivedAt,
      note: i.note,
    };
  }
}

export class ShipmentCountsDto {
  @ApiProperty() packed: number;
  @ApiProperty({ description: 'On loan or on a hold shelf when dispatched: routed to the host when checked in.' })
  to_follow: number;
  @ApiProperty() received: number;
  @ApiProperty() missing: number;
  @ApiProperty() damaged: number;
}

export class UnexpectedScanDto {
  @ApiProperty() barcode: string;
  @ApiProperty({
    nullable: true,
    type: String,
    format: 'uuid',
    description: 'The copy with this barcode, when the catalogue knows it.',
  })
  copyId: string | null;
  @ApiProperty() scannedAt: Date;
}

export class ShipmentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) collectionId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The stage it goes to (null: home).' })
  stageId: string | null;
  @ApiProperty({ format: 'uuid' }) fromInstitutionId: string;
  @ApiProperty({ format: 'uuid' }) toInstitutionId: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) toServicePointId: string | null;
  @ApiProperty({ enum: ['preparing', 'in_transit', 'closed', 'cancelled'] }) status: string;
  @ApiProperty() preparedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) dispatchedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) firstReceivedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) note: string | null;

  static of(s: ShipmentRow): ShipmentDto {
    return {
      id: s.id,
      collectionId: s.collectionId,
      stageId: s.stageId,
      fromInstitutionId: s.fromInstitutionId,
      toInstitutionId: s.toInstitutionId,
      toServicePointId: s.toServicePointId,
      status: s.status,
      preparedAt: s.preparedAt,
      dispatchedAt: s.dispatchedAt,
      firstReceivedAt: s.firstReceivedAt,
      closedAt: s.closedAt,
      note: s.note,
    };
  }
}

export class ShipmentDetailDto extends ShipmentDto {
  @ApiProperty() collectionName: string;
  @ApiProperty({ nullable: true, type: String, example: 'Thư viện tỉnh Quảng Trị' }) fromName: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Bưu điện văn hóa xã Hướng Lập' }) toName: string | null;
  @ApiProperty({ type: ShipmentCountsDto }) counts: ShipmentCountsDto;
  @ApiProperty({
    type: [ShipmentItemDto],
    description: 'The manifest (frozen at dispatch); missing items are the follow-up list.',
  })
  items: ShipmentItemDto[];
  @ApiProperty({ type: [UnexpectedScanDto], description: 'Barcodes scanned at receipt that are not in the shipment.' })
  unexpected: UnexpectedScanDto[];

  static ofView(v: ShipmentView): ShipmentDetailDto {
    return {
      ...ShipmentDto.of(v),
      collectionName: v.collectionName,
      fromName: v.fromName,
      toName: v.toName,
      counts: { ...v.counts },
      items: v.items.map((i) => ShipmentItemDto.of(i)),
      unexpected: v.unexpected.map((u) => ({ barcode: u.barcode, copyId: u.copyId, scannedAt: u.scannedAt })),
    };
  }
}

export class ReceiptDto {
  @ApiProperty({ type: [String] }) received: string[];
  @ApiProperty({ type: [String], description: 'Scanned before (a repeat changes nothing).' }) alreadyReceived: string[];
  @ApiProperty({
    type: [String],
    description: 'Copies that were on loan at dispatch: they come through circulation (a check-in routes them here).',
  })
  toFollow: string[];
  @ApiProperty({ type: [String], description: 'Not in the shipment: recorded on it for staff.' }) unexpected: string[];
  @ApiProperty({ description: 'Packed copies not scanned yet.' }) outstanding: number;

  static of(r: ReceiptResult): ReceiptDto {
    return {
      received: r.received,
      alreadyReceived: r.alreadyReceived,
      toFollow: r.toFollow,
      unexpected: r.unexpected,
      outstanding: r.outstanding,
    };
  }
}
