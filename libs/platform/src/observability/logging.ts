import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';
import { pinoHttp } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';

const ID_FORMAT = /^[\w.:-]{1,128}$/;
const context = new AsyncLocalStorage<{ correlationId: string }>();

/** Correlation id: the caller's X-Correlation-Id (or X-Request-Id) when well-formed, else a new UUID. */
export function correlationId(req: IncomingMessage & { id?: unknown }, res: ServerResponse): string {
  if (typeof req.id === 'string') return req.id;
  const given = req.headers['x-correlation-id'] ?? req.headers['x-request-id'];
  const id = typeof given === 'string' && ID_FORMAT.test(given) ? given : randomUUID();
  if (!res.headersSent) res.setHeader('X-Correlation-Id', id);
  (req as { id?: string }).id = id;
  return id;
}

/** The correlation id of the request being served, if any. */
export const currentCorrelationId = (): string | undefined => context.getStore()?.correlationId;

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.refreshToken',
  '*.accessToken',
];

/** The process's JSON logger; every line carries the correlation id of the request it was written for. */
export function createLogger(config: AppConfig, name: string): Pino {
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: { paths: REDACT, censor: '[redacted]' },
    mixin: () => {
      const id = currentCorrelationId();
      return id ? { correlationId: id } : {};
    },
  });
}

/** Express middleware: assigns the correlation id, runs the rest of the request in its context, logs completion. */
export function httpLogging(logger: Pino) {
  const http = pinoHttp({
    logger,
    genReqId: correlationId,
    customAttributeKeys: { reqId: 'correlationId' },
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    http(req, res);
    context.run({ correlationId: correlationId(req, res) }, next);
  };
}

/** Nest's logger interface over pino, so framework and domain logs share one JSON stream. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Pino) {}
  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]) {
    const ctx = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    if (message instanceof Error || (typeof message === 'object' && message !== null)) {
      this.logger[level](
        { context: ctx, ...(message instanceof Error ? { err: message } : (message as object)) },
        String(params[0] ?? ''),
      );
    } else
      this.logger[level](
        { context: ctx, ...(params.length && level === 'error' ? { stack: params[0] } : {}) },
        String(message),
      );
  }
  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }
}
