import type { JobsOptions } from 'bullmq';
import type { QueueName } from './queue-names.js';

/** A named job with its payload type. Define one per job file; handlers and producers share it. */
export interface JobDefinition<P> {
  readonly name: string;
  readonly queue: QueueName;
  readonly options?: JobsOptions;
  /** Phantom field carrying the payload type; never set. */
  readonly __payload?: P;
}

export function defineJob<P>(queue: QueueName, name: string, options?: JobsOptions): JobDefinition<P> {
  return { queue, name, options };
}

export type PayloadOf<J> = J extends JobDefinition<infer P> ? P : never;

export interface JobContext {
  id: string;
  attempt: number;
  /** Report progress (0–100) to the dashboard. */
  progress(value: number): Promise<void>;
}

/** Handles one job definition. Must be idempotent: BullMQ retries on error and may run a job twice. */
export interface JobHandler<P> {
  readonly job: JobDefinition<P>;
  handle(payload: P, ctx: JobContext): Promise<unknown>;
}

export const JOB_HANDLER = Symbol('suotdoi:job-handler');

/** Marks a provider as the handler of its `job`; the worker discovers every marked provider. */
export function JobProcessor(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(JOB_HANDLER, true, target);
  };
}

/** Attempts and backoff for every job unless its definition says otherwise. Failed jobs are kept for inspection. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 5000 },
  removeOnFail: false,
};
