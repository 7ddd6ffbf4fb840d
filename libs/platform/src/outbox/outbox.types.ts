import type { EntityManager } from 'typeorm';

export interface OutboxMessage<P = unknown> {
  id: string;
  topic: string;
  payload: P;
  attempts: number;
  createdAt: Date;
}

/**
 * Consumes one topic. `handle` runs inside the claiming transaction: database writes it makes through
 * `manager` commit atomically with the acknowledgement. Side effects outside the database must be idempotent,
 * because a batch whose worker dies is delivered again.
 *
 * With `outsideClaim`, the rows are claimed with a lease (committed at once) and `handle` runs outside any
 * transaction (`manager` is the pool's): for handlers that wait on other systems (sending e-mail), which must not hold
 * a transaction and its connection meanwhile. Such a handler records what it has done itself (e.g. a sent stamp), as
 * a batch is delivered again when its worker dies or its lease runs out.
 */
export interface OutboxHandler<P = unknown> {
  readonly topic: string;
  readonly outsideClaim?: boolean;
  handle(messages: OutboxMessage<P>[], manager: EntityManager): Promise<void>;
}

export const OUTBOX_HANDLER = Symbol('suotdoi:outbox-handler');

/** Marks a provider as an OutboxHandler; the relay discovers it. */
export function OutboxConsumer(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(OUTBOX_HANDLER, true, target);
  };
}
