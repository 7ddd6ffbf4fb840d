import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, CurrentPrincipal, type Principal } from '../auth/principal.js';
import { TaskDto } from './dto/task.dto.js';
import { TaskErrors } from './tasks.errors.js';
import { TasksService } from './tasks.service.js';

// A malformed id is just another task the caller cannot see: 404, like any other.
const TaskId = new ParseUUIDPipe({ exceptionFactory: () => TaskErrors.notFound() });

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get(':id')
  @Access('authenticated')
  @ApiOperation({
    summary:
      'A task you started (or may read): status, progress, result, error and result files. Anyone else gets 404.',
  })
  @ApiOkResponse({ type: TaskDto })
  @ApiNotFoundResponse({ description: 'platform/task_not_found' })
  async get(@CurrentPrincipal() p: Principal, @Param('id', TaskId) id: string): Promise<TaskDto> {
    return TaskDto.of(await this.tasks.get(id, p));
  }

  @Get(':id/files/:name')
  @Access('authenticated')
  @ApiOperation({ summary: 'Download a result file of a task (as an attachment, with its content type).' })
  @ApiProduces(
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'text/csv',
    'application/json',
  )
  @ApiOkResponse({
    description: 'The file, with the content type the task gave it (PDF, XLSX, CSV or JSON)',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiNotFoundResponse({ description: 'platform/task_not_found or platform/task_file_not_found' })
  async file(
    @CurrentPrincipal() p: Principal,
    @Param('id', TaskId) id: string,
    @Param('name') name: string,
    @Res() res: Response,
  ): Promise<void> {
    const f = await this.tasks.file(id, name, p);
    res.setHeader('Content-Type', f.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${f.name}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.send(f.content);
  }
}
