import {
  Injectable,
  StreamableFile,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { from, of, switchMap, mergeMap, catchError, throwError, finalize, Observable } from 'rxjs';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config.js';
import {
  IdempotencyService,
  REPLAYED_HEADERS,
  type IdempotencyClaim,
  type StoredResponse,
} from './idempotency.service.js';
import type { Principal } from '../auth/principal.js';

/** The principal id set on the request by the authentication guard, if any. */
export interface RequestWithPrincipal extends Request {
  principal?: Principal;
}

/** What Express sends for a handler's result: JSON for objects, the text itself for a string, nothing for none. */
function responseOf(res: Response, body: unknown): StoredResponse | undefined {
  if (body instanceof StreamableFile || Buffer.isBuffer(body)) return undefined;
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const v = res.getHeader(name);
    if (v !== undefined) headers[name] = String(v);
  }
  if (body === undefined || body === null) return { status: res.statusCode, headers, text: '' };
  if (typeof body === 'object') {
    headers['content-type'] ??= 'application/json; charset=utf-8';
    return { status: res.statusCode, headers, text: JSON.stringify(body) };
  }
  return { status: res.statusCode, headers, text: String(body) };
}

/**
 * Honours `Idempotency-Key` on every POST: the first response is stored and replayed byte for byte (status, body,
 * `Location` and the other headers that matter) for the same key and body; the same key with another body is a 422;
 * a failed request releases the key. While the request runs its key is a lease it renews, and its business
 * transaction marks the key committed, so a retry after a crash runs again (nothing was committed) or is told the
 * outcome was lost (it was) — never 409 "in progress" for a day.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly idempotency: IdempotencyService,
    private readonly config: AppConfig,
  ) {}

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
          const { status, headers, text } = start.response;
          res.status(status);
          for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(text === '' ? undefined : text);
        }
        return this.handle(start.claim, res, next);
      }),
    );
  }

  private handle(claim: IdempotencyClaim, res: Response, next: CallHandler): Observable<unknown> {
    const renewEvery = (this.config.IDEMPOTENCY_LEASE_SECONDS * 1000) / 3;
    const timer = setInterval(() => void this.idempotency.renew(claim).catch(() => undefined), renewEvery);
    timer.unref();
    // The handler is called on subscription: subscribing inside runAs puts every transaction it starts in the claim's
    // async context, where the commit subscriber finds it.
    const handled = new Observable<unknown>((sub) => this.idempotency.runAs(claim, () => next.handle().subscribe(sub)));
    return handled.pipe(
      mergeMap((body) => {
        const response = responseOf(res, body);
        const done = response ? this.idempotency.complete(claim, response) : this.idempotency.release(claim);
        return from(done).pipe(switchMap(() => of(body)));
      }),
      catchError((err: unknown) => from(this.idempotency.release(claim)).pipe(switchMap(() => throwError(() => err)))),
      finalize(() => clearInterval(timer)),
    );
  }
}
