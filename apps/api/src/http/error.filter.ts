import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { correlationId } from '@suotdoi/platform';
import { toErrorResponse } from './error-body.js';

/** The one place errors become HTTP responses: `{ code, message, messageVi, details, correlationId }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request & { id?: string }>();
    const res = host.switchToHttp().getResponse<Response>();
    const id = req.id ? String(req.id) : correlationId(req, res);
    const { status, body } = toErrorResponse(err, id, { method: req.method, path: req.path });
    if (res.headersSent) return;
    // 429 and 503 say when to come back (RFC 9110 Retry-After, in seconds).
    const retryAfter = body.details.retryAfterSeconds;
    if ((status === 429 || status === 503) && typeof retryAfter === 'number')
      res.setHeader('Retry-After', String(retryAfter));
    // Always JSON: a route that declared another content type (an iCalendar feed, OPDS, an SVG) may still refuse, and
    // Express's json() keeps a Content-Type already set.
    res.status(status).type('application/json').json(body);
  }
}
