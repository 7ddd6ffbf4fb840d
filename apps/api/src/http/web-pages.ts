import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { parse } from 'cookie';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * The web pages (apps/web, built by `npm run build` into dist/web) served by the API process on the same origin.
 * Only the page paths below answer with the page shell, so an unknown API path still gets the JSON 404, and only
 * /assets/ is read from disk (one directory listing at boot, never a stat per API request).
 */
export const WEB_PAGE_PATHS =
  /^\/(?:|opac(?:\/.*)?|sign-in|register|verify|reset-password|forgot-password|account(?:\/.*)?|desk(?:\/.*)?|admin|admin\/(?:dashboard|plans)(?:\/.*)?)\/?$/;

/** No inline script or style anywhere: the pages load only their own files and talk only to this origin. */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** dist/web next to the running code: dist/apps/api/src/http → dist/web, or (tests run from source) <root>/dist/web. */
export function webDirectory(): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const dir of [join(here, '..', '..', '..', '..', 'web'), join(here, '..', '..', '..', '..', 'dist', 'web')]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

/** Mount the pages; answers false (and mounts nothing) when they were not built. */
export function mountWebPages(app: NestExpressApplication, dir = webDirectory()): boolean {
  if (!dir) return false;
  // The whole build (a few hundred KB with its precompressed copies) is read once: a process serves the pages it
  // started with, even when a later build replaces dist/web under it.
  const shell = readFileSync(join(dir, 'index.html'));
  const assetsDir = join(dir, 'assets');
  const assets = new Map<string, Buffer>();
  for (const name of existsSync(assetsDir) ? readdirSync(assetsDir) : [])
    assets.set(name, readFileSync(join(assetsDir, name)));
  const pageHeaders = (res: Response) => {
    res.setHeader('Content-Security-Policy', WEB_CSP);
    res.setHeader('Referrer-Policy', 'same-origin');
    res.setHeader('X-Content-Type-Options', 'nosniff');
  };

  // Assets have content hashes in their names: cached for a year, sent precompressed when the build made a .br/.gz.
  app.use('/assets', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = req.path.slice(1);
    const plain = assets.get(name);
    if (!plain || name.endsWith('.br') || name.endsWith('.gz')) return next();
    const accept = String(req.headers['accept-encoding'] ?? '');
    const encoding =
      /\bbr\b/.test(accept) && assets.has(`${name}.br`)
        ? 'br'
        : /\bgzip\b/.test(accept) && assets.has(`${name}.gz`)
          ? 'gzip'
          : undefined;
    pageHeaders(res);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(name.slice(name.lastIndexOf('.')));
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.send(encoding ? assets.get(`${name}.${encoding === 'br' ? 'br' : 'gz'}`) : plain);
  });
  const favicon = join(dir, 'favicon.svg');
  if (existsSync(favicon)) app.use('/favicon.svg', express.static(favicon, { maxAge: '1d' }));

  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !WEB_PAGE_PATHS.test(req.path)) return next();
    pageHeaders(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(shell);
  });
  return true;
}

/** Set by `POST /auth/browser/queue-dashboard` (identity's browser session), httpOnly and scoped to /admin/queues. */
const QUEUE_BOARD_COOKIE = 'suotdoi_queue_board';

/**
 * Lets a system administrator signed in on the web pages open the queue dashboard by navigation: its cookie becomes
 * the Authorization header the dashboard's authorizer reads. The cookie is SameSite=Strict; requests that change
 * something must also come from this origin (Origin or Sec-Fetch-Site), so another site cannot drive the dashboard.
 */
export function bridgeQueueDashboardCookie(app: NestExpressApplication, path: string): void {
  app.use(path, (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.authorization) return next();
    const token = parse(req.headers.cookie ?? '')[QUEUE_BOARD_COOKIE];
    if (!token) return next();
    const unsafe = req.method !== 'GET' && req.method !== 'HEAD';
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const sameOrigin = site
      ? site === 'same-origin'
      : origin
        ? origin === `${req.protocol}://${req.headers.host}`
        : false;
    if (unsafe && !sameOrigin) return next();
    req.headers.authorization = `Bearer ${token}`;
    next();
  });
}
