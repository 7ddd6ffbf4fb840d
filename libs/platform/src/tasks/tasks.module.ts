import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { RunTaskHandler } from './run-task.job.js';
import { TasksMaintenanceHandler } from './tasks-maintenance.job.js';
import { TasksController } from './tasks.controller.js';
import { TasksRepository } from './tasks.repository.js';
import { TasksService } from './tasks.service.js';

/**
 * On-demand tasks: `TasksService.start` (any module), `GET /tasks/{id}` and its files, and the job that runs them.
 * Global: every module that does long work starts tasks.
 */
@Global()
@Module({
  imports: [DiscoveryModule],
  controllers: [TasksController],
  providers: [TasksRepository, TasksService, RunTaskHandler, TasksMaintenanceHandler],
  exports: [TasksService],
})
export class TasksModule {}
