import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import {
  DASHBOARD_AUTHORIZER,
  PlatformErrors,
  QueueService,
  correlationId,
  type DashboardAuthorizer,
} from '@suotdoi/platform';

// The port lives in the platform so that identity can provide it; re-exported here under the same names.
export { DASHBOARD_AUTHORIZER, type DashboardAuthorizer };

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** Bull Board under /admin/queues, for system administrators only. */
export async function mountQueueDashboard(app: NestExpressApplication): Promise<void> {
  const queues = app.get(QueueService);
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: queues.allQueues().map((q) => new BullMQAdapter(q as never)), serverAdapter });
  let authorizer: DashboardAuthorizer | undefined;
  try {
    authorizer = app.get<DashboardAuthorizer>(DASHBOARD_AUTHORIZER, { strict: false });
  } catch {
    authorizer = undefined;
  }
  app.use(QUEUE_DASHBOARD_PATH, async (req: Request, res: Response, next: NextFunction) => {
    const allowed = authorizer ? await authorizer.isSystemAdministrator(req).catch(() => false) : false;
    if (allowed) return next();
    const e = PlatformErrors.unauthenticated();
    res.status(401).json({
      code: e.code,
      message: e.message,
      messageVi: e.messageVi,
      details: {},
      correlationId: correlationId(req, res),
    });
  });
  app.use(QUEUE_DASHBOARD_PATH, serverAdapter.getRouter());
}
