import { Body, Controller, Injectable, Module, Post, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import {
  Access,
  ApiTaskAccepted,
  CurrentPrincipal,
  defineErrors,
  defineTask,
  taskAccepted,
  TaskProcessor,
  TasksService,
  type Principal,
  type TaskContext,
  type TaskDto,
  type TaskHandler,
} from '@suotdoi/platform';

// Test-only task kind and the route that starts it (mounted through bootTestApp({ modules: [TestTasksModule] })).

export type ListTaskPayload = { names: string[]; fail?: 'domain' | 'once' | 'always' };
export type ListTaskResult = { written: number };
export const ListTask = defineTask<ListTaskPayload, ListTaskResult>({
  kind: 'test.list_names',
  title: { vi: 'Lập danh sách tên', en: 'List of names' },
  attempts: 3,
});

const TestErrors = defineErrors({
  tooMany: { code: 'test/too_many_names', status: 422, en: 'Too many names: {count}.', vi: 'Quá nhiều tên: {count}.' },
});

class StartListDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  names: string[];
  @ApiPropertyOptional({ enum: ['domain', 'once', 'always'] })
  @IsOptional()
  @IsIn(['domain', 'once', 'always'])
  fail?: 'domain' | 'once' | 'always';
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  institutionId?: string;
}

/**
 * Writes each name as a row (once per task and name, whatever the attempt) and a CSV of them; `fail` makes it throw a
 * domain error, crash once after writing half, or crash every time.
 */
@Injectable()
@TaskProcessor()
export class ListTaskHandler implements TaskHandler<ListTaskPayload, ListTaskResult> {
  readonly task = ListTask;
  runs = 0;
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async run(p: ListTaskPayload, ctx: TaskContext): Promise<ListTaskResult> {
    this.runs++;
    await this.ds.query(
      `CREATE TABLE IF NOT EXISTS public.test_task_rows (task_id uuid NOT NULL, name text NOT NULL, PRIMARY KEY (task_id, name))`,
    );
    if (p.fail === 'domain') throw TestErrors.tooMany({ count: p.names.length });
    for (const [i, name] of p.names.entries()) {
      await this.ds.query(`INSERT INTO public.test_task_rows (task_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
        ctx.taskId,
        name,
      ]);
      await ctx.progress(i + 1, p.names.length);
      if (p.fail === 'always' || (p.fail === 'once' && ctx.attempt === 1 && i === Math.floor(p.names.length / 2)))
        throw new Error('the disk is full (test)');
    }
    await ctx.addFile({
      name: 'names.csv',
      contentType: 'text/csv; charset=utf-8',
      content: Buffer.from(`\uFEFFname\n${p.names.join('\n')}\n`, 'utf8'),
    });
    const input = await ctx.input();
    if (input)
      await ctx.addFile({ name: 'input-copy.txt', contentType: 'text/plain; charset=utf-8', content: input.content });
    return { written: p.names.length };
  }
}

@ApiTags('test')
@Controller('test/tasks')
class TestTasksController {
  constructor(private readonly tasks: TasksService) {}

  @Post('list')
  @Access('authenticated')
  @ApiTaskAccepted()
  async start(
    @CurrentPrincipal() p: Principal,
    @Body() dto: StartListDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TaskDto> {
    const input = dto.names.length
      ? { name: 'input', contentType: 'text/plain; charset=utf-8', content: Buffer.from(dto.names.join(','), 'utf8') }
      : undefined;
    const task = await this.tasks.start(
      ListTask,
      { names: dto.names, fail: dto.fail },
      {
        owner: p,
        total: dto.names.length,
        input,
        scope: dto.institutionId ? { institutionId: dto.institutionId } : undefined,
      },
    );
    return taskAccepted(res, task);
  }
}

@Module({ controllers: [TestTasksController], providers: [ListTaskHandler] })
export class TestTasksModule {}
