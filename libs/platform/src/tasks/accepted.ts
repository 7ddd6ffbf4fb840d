import { applyDecorators, HttpCode, HttpStatus } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader } from '@nestjs/swagger';
import type { Response } from 'express';
import { TaskDto } from './dto/task.dto.js';
import type { TaskView } from './task.js';

/**
 * On a route that starts a task: answers 202 with the task, documents the `Location` header and `Idempotency-Key`
 * (a repeated POST with the same key replays the first 202, so the task is started once).
 */
export function ApiTaskAccepted(
  description = 'The task is queued: poll the Location (GET /tasks/{id}) for its progress and result',
): MethodDecorator {
  return applyDecorators(
    HttpCode(HttpStatus.ACCEPTED),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Repeat the POST safely: the first response is replayed and the task runs once',
    }),
    ApiAcceptedResponse({
      type: TaskDto,
      description,
      headers: { Location: { description: '/tasks/{id}', schema: { type: 'string' } } },
    }),
  );
}

/** The 202 answer of a route that started a task: sets `Location` and returns the task's DTO. */
export function taskAccepted(res: Response, task: TaskView): TaskDto {
  const dto = TaskDto.of(task);
  res.location(dto.href);
  return dto;
}
