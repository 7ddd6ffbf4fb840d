import { HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DATABASE_RETRY_AFTER_SECONDS, DomainError, PlatformErrors, isDatabaseUnavailable } from '@suotdoi/platform';

/** The body of every error response. */
export interface ErrorBody {
  code: string;
  message: string;
  messageVi: string;
  details: Record<string, unknown>;
  correlationId: string;
}

const log = new Logger('Errors');

type BodyParserError = Error & { type?: string; status?: number; limit?: number; expose?: boolean };

/** Map anything thrown to a status and a stable error body. Unknown errors never leak internals. */
export function toErrorResponse(
  err: unknown,
  correlationId: string,
  route: { method: string; path: string },
): { status: number; body: ErrorBody } {
  let domain: DomainError;
  const bp = err as BodyParserError;
  if (err instanceof DomainError) domain = err;
  else if (bp?.type === 'entity.parse.failed') domain = PlatformErrors.malformedJson();
  else if (bp?.type === 'entity.too.large') domain = PlatformErrors.payloadTooLarge({ limit: `${bp.limit} bytes` });
  else if (bp?.type === 'encoding.unsupported' || bp?.type === 'charset.unsupported')
    domain = PlatformErrors.unsupportedMediaType();
  // Any other client error from the body parser (bad gzip, aborted upload, wrong length): the body is unreadable.
  else if (
    bp?.expose === true &&
    typeof bp.status === 'number' &&
    bp.status >= 400 &&
    bp.status < 500 &&
    !(err instanceof HttpException)
  )
    domain =
      bp.status === 415 ? PlatformErrors.unsupportedMediaType() : PlatformErrors.unreadableBody({ reason: bp.message });
  else if (err instanceof HttpException && err.getStatus() === HttpStatus.NOT_FOUND)
    domain = PlatformErrors.routeNotFound(route);
  else if (err instanceof HttpException && err.getStatus() < 500) {
    const status = err.getStatus();
    const base =
      status === 401
        ? PlatformErrors.unauthenticated()
        : status === 429
          ? PlatformErrors.rateLimited()
          : status === 403
            ? PlatformErrors.forbidden()
            : status === 413
              ? PlatformErrors.payloadTooLarge({ limit: 'the limit' })
              : PlatformErrors.validationFailed({ summary: err.message });
    domain = base;
  } else if (isDatabaseUnavailable(err)) {
    // The database is unreachable (down, restarting, network): the client may retry; readiness says the same.
    log.warn(
      { correlationId, reason: (err as Error)?.message },
      `database unavailable on ${route.method} ${route.path}`,
    );
    domain = PlatformErrors.unavailable({ service: 'database', retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS });
  } else {
    log.error({ err, correlationId }, `unhandled error on ${route.method} ${route.path}`);
    return {
      status: 500,
      body: {
        code: 'platform/internal_error',
        message: PlatformErrors.internal().message,
        messageVi: PlatformErrors.internal().messageVi,
        details: {},
        correlationId,
      },
    };
  }
  return {
    status: domain.status,
    body: {
      code: domain.code,
      message: domain.message,
      messageVi: domain.messageVi,
      details: domain.details,
      correlationId,
    },
  };
}
