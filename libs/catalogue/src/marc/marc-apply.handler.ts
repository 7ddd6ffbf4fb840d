import { Injectable } from '@nestjs/common';
import { TaskProcessor, type TaskContext, type TaskHandler } from '@suotdoi/platform';
import { MarcApplyTask, type MarcApplyPayload, type MarcApplyResult } from './marc-apply.task.js';
import { MarcImportService } from './marc-import.service.js';

/** Runs MARC apply in the worker (progress: records done of those pending). */
@Injectable()
@TaskProcessor()
export class MarcApplyHandler implements TaskHandler<MarcApplyPayload, MarcApplyResult> {
  readonly task = MarcApplyTask;
  constructor(private readonly imports: MarcImportService) {}

  run(payload: MarcApplyPayload, ctx: TaskContext): Promise<MarcApplyResult> {
    return this.imports.applyBatch(payload, ctx);
  }
}
