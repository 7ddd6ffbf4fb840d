import type { NextFunction, Request, Response } from 'express';
import { PlatformErrors } from '@suotdoi/platform';

/** Deeper JSON than any DTO of ours needs; class-transformer recurses per level and would overflow the stack. */
export const MAX_JSON_DEPTH = 32;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The first problem in a parsed body: a key that could reach an object prototype, or nesting beyond the limit. */
export function findHostileJson(body: unknown): { field: string; problem: string } | undefined {
  // Iterative on purpose: a recursive walk is exactly what a deeply nested body attacks.
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) continue; // raw uploads are bytes
    if (depth >= MAX_JSON_DEPTH)
      return { field: path || '(body)', problem: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { field, problem: 'is not an allowed field name' };
      stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Express middleware after the JSON parser: refuses hostile bodies with the standard validation error. */
export function bodyGuard() {
  return (req: Request, _res: Response, next: NextFunction) => {
    const hostile = findHostileJson(req.body);
    if (!hostile) return next();
    next(
      PlatformErrors.validationFailed({
        summary: `${hostile.field}: ${hostile.problem}`,
        fields: [{ field: hostile.field, problems: [hostile.problem] }],
      }),
    );
  };
}
