import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, of, switchMap, mergeMap, catchError, throwError, type Observable } from 'rxjs';
import type { Request, Response } from 'express';
import { IdempotencyService } from './idempotency.service.js';
import type { Principal } from '../auth/principal.js';

/** The principal id set on the request by the authentication guard, if any. */
export interface RequestWithPrincipal extends Request {
  principal?: Principal;
}

/**
 * Honours `Idempotency-Key` on every POST: the first response is stored and replayed for the same key and body;
 * the same key with another body is a 422; a failed request releases the key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly idempotency: IdempotencyService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const res = context.switchToHttp().getResponse<Response>();
    const key = req.header('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next.handle();
    const scope = req.principal ? `account:${req.principal.accountId}` : 'anonymous';
    const path = req.originalUrl.split('?')[0];
    const hash = this.idempotency.requestHash(req.method, req.originalUrl, req.body);
    return from(this.idempotency.begin(scope, key, hash, req.method, path)).pipe(
      switchMap((start) => {
        if (start.kind === 'replay') {
          res.status(start.status);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(start.body);
        }
        return next.handle().pipe(
          mergeMap((body) =>
            from(this.idempotency.complete(scope, key, res.statusCode, body)).pipe(switchMap(() => of(body))),
          ),
          catchError((err: unknown) =>
            from(this.idempotency.release(scope, key)).pipe(switchMap(() => throwError(() => err))),
          ),
        );
      }),
    );
  }
}
