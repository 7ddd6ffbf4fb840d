/**
 * Every BullMQ queue, in one place. NEVER rename a value: queued and scheduled jobs live under these names
 * in Redis or in the `bullmq` schema, and a rename strands them.
 */
export const QUEUES = {
  /** Housekeeping: idempotency-key cleanup, outbox retention. */
  maintenance: 'maintenance',
  /** Patron notices (due soon, overdue, hold ready…). */
  notices: 'notices',
  /** Usage rollups and reconciliation. */
  usage: 'usage',
  /** Plan reports and exports. */
  reports: 'reports',
  /** Circulation timers: hold expiry, e-loan expiry. */
  circulation: 'circulation',
  /** Rotation timers: stages ending soon or late (proposals to the owner's staff). */
  rotation: 'rotation',
  /** Search maintenance: full rebuilds. */
  search: 'search',
  /** On-demand tasks started by requests (imports, report rendering, manifests, bulk changes). */
  tasks: 'tasks',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
