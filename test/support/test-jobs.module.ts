import { Injectable, Module } from '@nestjs/common';
import { defineJob, JobProcessor, QUEUES, type JobContext, type JobHandler } from '@suotdoi/platform';

// Test-only jobs on the maintenance queue, each recording what it saw, for the queue tests on both backends.

export type EchoPayload = { title: string; copies: number };
export const EchoJob = defineJob<EchoPayload>(QUEUES.maintenance, 'test-echo');
export const FailJob = defineJob<{ reason: string }>(QUEUES.maintenance, 'test-fail', {
  attempts: 3,
  backoff: { type: 'fixed', delay: 20 },
});
export const SlowJob = defineJob<{ ms: number }>(QUEUES.maintenance, 'test-slow');

@Injectable()
@JobProcessor()
export class EchoHandler implements JobHandler<EchoPayload> {
  readonly job = EchoJob;
  readonly received: { payload: EchoPayload; ctx: Pick<JobContext, 'id' | 'attempt'> }[] = [];
  async handle(payload: EchoPayload, ctx: JobContext): Promise<{ echoed: string }> {
    this.received.push({ payload, ctx: { id: ctx.id, attempt: ctx.attempt } });
    await ctx.progress(100);
    return { echoed: payload.title };
  }
}

@Injectable()
@JobProcessor()
export class FailHandler implements JobHandler<{ reason: string }> {
  readonly job = FailJob;
  attempts: number[] = [];
  async handle(payload: { reason: string }, ctx: JobContext): Promise<never> {
    this.attempts.push(ctx.attempt);
    throw new Error(payload.reason);
  }
}

@Injectable()
@JobProcessor()
export class SlowHandler implements JobHandler<{ ms: number }> {
  readonly job = SlowJob;
  started = false;
  finished = false;
  async handle(payload: { ms: number }): Promise<{ sleptMs: number }> {
    this.started = true;
    await new Promise((r) => setTimeout(r, payload.ms));
    this.finished = true;
    return { sleptMs: payload.ms };
  }
}

@Module({ providers: [EchoHandler, FailHandler, SlowHandler] })
export class TestJobsModule {}
