import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isbot } from 'isbot';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Clock, OutboxService, type Principal } from '@suotdoi/platform';
import { emitUsage, usagePatronKey } from '@suotdoi/usage';

/** COUNTER's double-click window: a repeat by the same user on the same item within it counts once. */
export const DOUBLE_CLICK_SECONDS = 30;

/** Who asked, for an anonymous request (open access): only ever hashed, never stored as such. */
export interface RequestOrigin {
  ip?: string;
  userAgent?: string;
}

/**
 * Counts e-resource requests (COUNTER "Total_Item_Requests") as usage events: every successful opening of a digital
 * resource's file, by a patron through an e-loan link, by anyone for open access, or by staff. A repeat by the same
 * requester within 30 s counts once (an atomic upsert decides, so concurrent repeats cannot both count); robots are
 * not counted. The event goes through the outbox in the same transaction as that decision.
 */
@Injectable()
export class EResourceRequests {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** Whether the request was counted (false: a double click, a robot, or nobody to tell apart). */
  async record(
    principal: Principal | undefined,
    resource: { id: string; institutionId: string },
    origin: RequestOrigin = {},
  ): Promise<boolean> {
    // COUNTER excludes robots and crawlers: isbot's maintained list of user-agent patterns decides.
    if (origin.userAgent && isbot(origin.userAgent)) return false;
    const requester = requesterKey(principal, origin);
    if (!requester) return false;
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const counted: unknown[] = await m.query(
        `INSERT INTO catalogue.e_resource_requests_recent AS r (requester_key, resource_id, counted_at) VALUES ($1, $2, $3)
         ON CONFLICT (requester_key, resource_id) DO UPDATE SET counted_at = EXCLUDED.counted_at
           WHERE r.counted_at <= EXCLUDED.counted_at - make_interval(secs => $4)
         RETURNING 1`,
        [requester.key, resource.id, now, DOUBLE_CLICK_SECONDS],
      );
      if (!counted.length) return false;
      await emitUsage(this.outbox, m, {
        source: 'catalogue',
        id: randomUUID(),
        kind: 'e_resource_request',
        locationId: resource.institutionId,
        at: now,
        patronId: principal?.patronId,
      });
      return true;
    });
  }

  /** Forget decisions older than an hour (they only matter for 30 s). */
  async purge(): Promise<number> {
    const [, n]: [unknown, number] = await this.ds.query(
      `DELETE FROM catalogue.e_resource_requests_recent WHERE counted_at < now() - interval '1 hour'`,
    );
    return n;
  }
}

function requesterKey(
  p: Principal | undefined,
  origin: RequestOrigin,
): { key: string; patronKey?: string } | undefined {
  if (p?.patronId) {
    const patronKey = usagePatronKey(p.patronId);
    return { key: `patron:${patronKey}`, patronKey };
  }
  const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);
  if (p?.accountId) return { key: `account:${hash(p.accountId)}` };
  if (origin.ip) return { key: `anonymous:${hash(`${origin.ip}|${origin.userAgent ?? ''}`)}` };
  return undefined;
}
