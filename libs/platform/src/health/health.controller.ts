import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { QUEUE_BACKEND } from '../queue/queue.service.js';
import type { QueueBackend } from '../queue/queue-backend.js';
import { Public } from '../http/public.decorator.js';
import { LivenessDto, ReadinessDto, type ReadinessCheckDto } from './dto/health.dto.js';

/**
 * A dependency the readiness probe checks, provided under READINESS_CHECKS by whichever module owns it (search, through
 * the catalogue's SearchModule); found anywhere in the application, so that module need not be global.
 */
export interface ReadinessCheck {
  name: string;
  backend: string;
  /** Throws when the dependency does not answer; may return figures shown beside the result (e.g. the index lag). */
  check(): Promise<void | ReadinessFigures>;
}
/** Figures a readiness check may report. */
export interface ReadinessFigures {
  /** Age of the oldest change not yet applied (search index), in seconds. */
  lagSeconds?: number;
  /** Changes waiting to be applied. */
  pendingChanges?: number;
}
export const READINESS_CHECKS = Symbol('suotdoi:readiness-checks');

async function timed(
  fn: () => Promise<void | ReadinessFigures>,
  ms = 3000,
): Promise<{ ok: boolean; error?: string; ms: number } & ReadinessFigures> {
  const t = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const figures = await Promise.race([
      fn(),
      new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`timed out after ${ms} ms`)), ms))),
    ]);
    return { ok: true, ms: Math.round(performance.now() - t), ...(figures ?? {}) };
  } catch (e) {
    return { ok: false, error: (e as Error).message, ms: Math.round(performance.now() - t) };
  } finally {
    // A pending timer would keep a closing process (and Jest) alive for `ms`.
    clearTimeout(timer);
  }
}

@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(QUEUE_BACKEND) private readonly queue: QueueBackend,
    private readonly moduleRef: ModuleRef,
  ) {}

  private found?: ReadinessCheck[];
  /** The readiness checks other modules provide (none when no module does). */
  private get checks(): ReadinessCheck[] {
    if (!this.found) {
      try {
        this.found = this.moduleRef.get<ReadinessCheck[]>(READINESS_CHECKS, { strict: false });
      } catch {
        this.found = [];
      }
    }
    return this.found;
  }

  /** Liveness: the process answers. */
  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers (no dependency is checked)' })
  @ApiOkResponse({ type: LivenessDto, description: 'The process is alive' })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  /** Readiness: database, queue backend and search backend answer. */
  @Get('ready')
  @ApiOperation({ summary: 'Readiness: database, queue backend and search backend answer; 503 names the failing one' })
  @ApiOkResponse({ type: ReadinessDto, description: 'Every dependency answers' })
  @ApiServiceUnavailableResponse({ type: ReadinessDto, description: 'At least one dependency does not answer' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessDto> {
    const [database, queue, ...others] = await Promise.all([
      timed(async () => void (await this.dataSource.query('SELECT 1'))),
      timed(() => this.queue.ping()),
      ...this.checks.map((c) => timed(() => c.check())),
    ]);
    const checks: Record<string, ReadinessCheckDto> = {
      database: { ...database, backend: 'postgres' },
      queue: { ...queue, backend: this.queue.kind },
    };
    this.checks.forEach((c, i) => (checks[c.name] = { ...others[i], backend: c.backend }));
    const ok = Object.values(checks).every((c) => c.ok);
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }
}
