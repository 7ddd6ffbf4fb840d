import { ApiProperty } from '@nestjs/swagger';
import { NOTICE_KINDS, type NoticeKind } from '../../ports/ports.js';
import type { NoticeRow } from '../notices.repository.js';

/** A notice in the patron's own feed (the same text as the e-mail, when one was sent). */
export class NoticeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTICE_KINDS }) kind: NoticeKind;
  @ApiProperty({ example: 'Sắp đến hạn trả tài liệu' }) subjectVi: string;
  @ApiProperty({ example: 'Item due soon' }) subjectEn: string;
  @ApiProperty({ example: 'Tài liệu “Đất rừng phương Nam” (mã vạch HH-000123) cần trả trước ngày 05/12/2026.' }) bodyVi: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'What the notice is about (title, barcode, due date, hold id…)' }) params: Record<string, string>;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date, description: 'When the e-mail was accepted by the mail server (null: feed only, or not yet sent)' }) sentAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) readAt: Date | null;

  static of(n: NoticeRow): NoticeDto {
    return { id: n.id, kind: n.kind, subjectVi: n.subjectVi, subjectEn: n.subjectEn, bodyVi: n.bodyVi, params: n.params, createdAt: n.createdAt, sentAt: n.sentAt, readAt: n.readAt };
  }
}

export class NoticePageDto {
  @ApiProperty({ type: [NoticeDto] }) items: NoticeDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
