import { ApiProperty } from '@nestjs/swagger';
import { TASK_STATUSES, type TaskStatus, type TaskView } from '../task.js';

export class TaskTitleDto {
  @ApiProperty({ example: 'Nhập biểu ghi MARC' }) vi: string;
  @ApiProperty({ example: 'MARC import' }) en: string;
}

export class TaskProgressDto {
  @ApiProperty({ description: 'Units done (records, rows, pages)', example: 1200 }) done: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Units in all, when known', example: 5000 }) total:
    number | null;
}

export class TaskErrorDto {
  @ApiProperty({ example: 'catalogue/marc_unreadable' }) code: string;
  @ApiProperty() message: string;
  @ApiProperty() messageVi: string;
}

export class TaskFileDto {
  @ApiProperty({ example: 'manifest.pdf' }) name: string;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ example: '/tasks/0b7e…/files/manifest.pdf', description: 'Where to download it' }) href: string;
}

/** A long job started by a request: poll `GET /tasks/{id}` until it has succeeded or failed. */
export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'catalogue.marc_apply', description: 'What kind of work it is' }) kind: string;
  @ApiProperty({ enum: TASK_STATUSES }) status: TaskStatus;
  @ApiProperty({ type: TaskTitleDto }) title: TaskTitleDto;
  @ApiProperty({ type: TaskProgressDto }) progress: TaskProgressDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'Summary of what it did (once succeeded); the shape depends on the kind',
  })
  result: Record<string, unknown> | null;
  @ApiProperty({ type: TaskErrorDto, nullable: true, description: 'Why it failed (once failed)' })
  error: TaskErrorDto | null;
  @ApiProperty({ type: [TaskFileDto], description: 'Result files to download' }) files: TaskFileDto[];
  @ApiProperty({ description: 'Runs so far (a failed run is retried)' }) attempts: number;
  @ApiProperty({ example: '/tasks/0b7e…' }) href: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ type: Date, nullable: true }) startedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true }) finishedAt: Date | null;

  static of(t: TaskView): TaskDto {
    const href = `/tasks/${t.id}`;
    return {
      id: t.id,
      kind: t.kind,
      status: t.status,
      title: { vi: t.title.vi, en: t.title.en },
      progress: { done: t.progress.done, total: t.progress.total },
      result: t.result,
      error: t.error && { code: t.error.code, message: t.error.message, messageVi: t.error.messageVi },
      files: t.files.map((f) => ({
        name: f.name,
        contentType: f.contentType,
        size: f.size,
        href: `${href}/files/${encodeURIComponent(f.name)}`,
      })),
      attempts: t.attempts,
      href,
      createdAt: t.createdAt,
      startedAt: t.startedAt,
      finishedAt: t.finishedAt,
    };
  }
}
