import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import { DecisionDto, OverrideDto } from '../../loans/dto/loan.dto.js';
import type { HoldResult, HoldView } from '../holds.service.js';
import type { PullListItem } from '../pull-list.service.js';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.normalize('NFC').trim() : value);

export class PlaceHoldDto {
  @ApiProperty()
  @IsUUID()
  recordId: string;

  @ApiPropertyOptional({ description: 'Copy-level hold on this copy; omit for a title-level hold.' })
  @IsOptional()
  @IsUUID()
  copyId?: string;

  @ApiProperty({ description: 'Where the patron will collect it.' })
  @IsUUID()
  pickupInstitutionId: string;
}

export class StaffPlaceHoldDto extends PlaceHoldDto {
  @ApiProperty()
  @Transform(trim)
  @IsString()
  @Length(1, 40)
  cardNumber: string;

  @ApiPropertyOptional({ type: OverrideDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideDto)
  override?: OverrideDto;
}

export class ReserveDto {
  @ApiProperty({ description: 'Barcode of a copy on the shelf to set aside for pickup.' })
  @Transform(trim)
  @IsString()
  @Length(1, 64)
  barcode: string;
}

export class SuspendDto {
  @ApiProperty({ example: '2026-03-01', description: 'Skip the hold until this day (inclusive), keeping its place.' })
  @IsISO8601({ strict: true })
  until: string;
}

export class HoldQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'Pickup institution.' })
  @IsUUID()
  institutionId: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  recordId?: string;

  @ApiPropertyOptional({ enum: ['waiting', 'in_transit', 'ready', 'fulfilled', 'cancelled', 'expired'] })
  @IsOptional()
  @IsIn(['waiting', 'in_transit', 'ready', 'fulfilled', 'cancelled', 'expired'])
  status?: 'waiting' | 'in_transit' | 'ready' | 'fulfilled' | 'cancelled' | 'expired';
}

export class HoldDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['title', 'copy', 'reservation'] }) kind: string;
  @ApiProperty() patronId: string;
  @ApiProperty() recordId: string;
  @ApiProperty({ nullable: true, type: String }) copyId: string | null;
  @ApiProperty() pickupInstitutionId: string;
  @ApiProperty({ enum: ['waiting', 'in_transit', 'ready', 'fulfilled', 'cancelled', 'expired'] }) status: string;
  @ApiProperty({ nullable: true, type: Number }) queuePosition: number | null;
  @ApiProperty() placedAt: Date;
  @ApiProperty({ nullable: true, type: String }) suspendedUntil: string | null;
  @ApiProperty({ nullable: true, type: String }) trappedCopyId: string | null;
  @ApiProperty({ nullable: true, type: String }) pickupBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) expiresAt: Date | null;

  static of(h: HoldView): HoldDto {
    return {
      id: h.id,
      kind: h.kind,
      patronId: h.patronId,
      recordId: h.recordId,
      copyId: h.copyId,
      pickupInstitutionId: h.pickupInstitutionId,
      status: h.status,
      queuePosition: h.queuePosition,
      placedAt: h.placedAt,
      suspendedUntil: h.suspendedUntil,
      trappedCopyId: h.trappedCopyId,
      pickupBy: h.pickupBy,
      expiresAt: h.expiresAt,
    };
  }
}

export class HoldResultDto {
  @ApiProperty({ type: HoldDto }) hold: HoldDto;
  @ApiProperty({ type: DecisionDto }) decision: DecisionDto;
  @ApiProperty() overridden: boolean;

  static of(r: HoldResult): HoldResultDto {
    return { hold: HoldDto.of(r.hold), decision: DecisionDto.of(r.decision), overridden: r.overridden };
  }
}

export class HoldPageDto {
  @ApiProperty({ type: [HoldDto] }) items: HoldDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  static of(p: { items: HoldView[]; total: number; limit: number; offset: number }): HoldPageDto {
    return { items: p.items.map(HoldDto.of), total: p.total, limit: p.limit, offset: p.offset };
  }
}

export class PullListQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'The library whose shelves to pull from (one you work at).' })
  @IsUUID()
  institutionId: string;
}

export class PullListItemDto {
  @ApiProperty() holdId: string;
  @ApiProperty({ description: 'When the hold was placed (the list is oldest first).' }) placedAt: Date;
  @ApiProperty({ description: "The hold's place in its title's queue." }) queuePosition: number;
  @ApiProperty() recordId: string;
  @ApiProperty({ example: 'Truyện Kiều' }) title: string;
  @ApiProperty() copyId: string;
  @ApiProperty({ example: 'HT-000123' }) barcode: string;
  @ApiProperty({ nullable: true, type: String, example: '895.9221 NG-D' }) callNumber: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Kho mở, giá 3' }) shelfLocation: string | null;
  @ApiProperty() pickupInstitutionId: string;
  @ApiProperty({ example: 'Thư viện tỉnh Quảng Ngãi' }) pickupInstitutionName: string;
  @ApiProperty({ description: 'The hold is for pickup at another library: scanning the copy sends it there.' })
  transfer: boolean;

  static of(i: PullListItem): PullListItemDto {
    return {
      holdId: i.holdId,
      placedAt: i.placedAt,
      queuePosition: i.queuePosition,
      recordId: i.recordId,
      title: i.title,
      copyId: i.copyId,
      barcode: i.barcode,
      callNumber: i.callNumber,
      shelfLocation: i.shelfLocation,
      pickupInstitutionId: i.pickupInstitutionId,
      pickupInstitutionName: i.pickupInstitutionName,
      transfer: i.transfer,
    };
  }
}

export class PullListPageDto {
  @ApiProperty({ type: [PullListItemDto] }) items: PullListItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  static of(p: { items: PullListItem[]; total: number; limit: number; offset: number }): PullListPageDto {
    return { items: p.items.map(PullListItemDto.of), total: p.total, limit: p.limit, offset: p.offset };
  }
}
