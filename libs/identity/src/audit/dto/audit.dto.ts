import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '@suotdoi/platform';
import type { AuditEntry } from '../audit.service.js';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  patronId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  actorAccountId?: string;

  @ApiPropertyOptional({ example: 'patron.read' })
  @IsOptional()
  @Matches(/^[a-z_]+\.[a-z_]+$/)
  action?: string;

  @ApiPropertyOptional({ example: '2026-01-01T00:00:00+07:00' })
  @IsOptional()
  @IsISO8601()
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601()
  to?: string;
}

export class AuditEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ nullable: true, type: String }) actorAccountId: string | null;
  @ApiProperty({ example: 'patron.read' }) action: string;
  @ApiProperty({ nullable: true, type: String }) patronId: string | null;
  @ApiProperty({ nullable: true, type: String }) institutionId: string | null;
  @ApiProperty({ type: Object }) details: Record<string, unknown>;
  static of(e: AuditEntry): AuditEntryDto {
    return {
      id: e.id,
      at: e.at,
      actorAccountId: e.actorAccountId,
      action: e.action,
      patronId: e.patronId,
      institutionId: e.institutionId,
      details: e.details,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
