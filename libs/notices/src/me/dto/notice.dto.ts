import { ApiProperty } from '@nestjs/swagger';
import type { NoticeView } from '../../notices/notice.types.js';

export class NoticeAttachmentDto {
  @ApiProperty({ example: 'ngay-sach-viet-nam-2026.ics' }) name: string;
  @ApiProperty({ example: 'text/calendar; charset=utf-8' }) contentType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
}

/** A notice in the caller's own feed (the same text as the e-mail, when one was sent). */
export class NoticeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'circulation.due_soon', description: 'Template (module.name): what the notice is about' })
  template: string;
  @ApiProperty({ example: 'circulation', description: 'Module that sent it' }) module: string;
  @ApiProperty({
    example: 'due_soon',
    description: 'The template name within its module (due_soon, overdue, hold_ready, card_issued…)',
  })
  kind: string;
  @ApiProperty({ example: 'Sắp đến hạn trả tài liệu' }) subjectVi: string;
  @ApiProperty({ example: 'Item due soon' }) subjectEn: string;
  @ApiProperty({ example: 'Tài liệu “Đất rừng phương Nam” (mã vạch HH-000123) cần trả trước ngày 05/12/2026.' })
  bodyVi: string;
  @ApiProperty({ example: 'Item “Đất rừng phương Nam” (barcode HH-000123) is due by 05/12/2026.' }) bodyEn: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'What the notice is about (title, barcode, due date, hold id…)',
  })
  params: Record<string, string>;
  @ApiProperty({ type: [NoticeAttachmentDto], description: 'Files sent with the e-mail (e.g. a calendar invitation)' })
  attachments: NoticeAttachmentDto[];
  @ApiProperty() createdAt: Date;
  @ApiProperty({
    nullable: true,
    type: Date,
    description: 'When the e-mail was accepted by the mail server (null: feed only, or not yet sent)',
  })
  sentAt: Date | null;
  @ApiProperty({ nullable: true, type: Date }) readAt: Date | null;

  static of(n: NoticeView): NoticeDto {
    const dot = n.template.indexOf('.');
    return {
      id: n.id,
      template: n.template,
      module: n.template.slice(0, dot),
      kind: n.template.slice(dot + 1),
      subjectVi: n.subjectVi,
      subjectEn: n.subjectEn,
      bodyVi: n.bodyVi,
      bodyEn: n.bodyEn,
      params: { ...n.params },
      attachments: n.attachments.map((a) => ({ name: a.name, contentType: a.contentType, size: a.size })),
      createdAt: n.createdAt,
      sentAt: n.sentAt,
      readAt: n.readAt,
    };
  }
}

export class NoticePageDto {
  @ApiProperty({ type: [NoticeDto] }) items: NoticeDto[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
  @ApiProperty({ description: 'Unread notices in the whole feed' }) unread: number;
}

export class NoticesMarkedReadDto {
  @ApiProperty({ description: 'How many notices were unread', example: 3 }) marked: number;
}
