import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Where `npm start` keeps the signing secret it generated (relative to the working directory). */
export const LOCAL_SECRET_FILE = '.data/jwt-secret';

/**
 * The signing secret for tokens and e-book links when JWT_SECRET is not set (development, `npm start`): generated at
 * random on first use and kept in `.data/jwt-secret`, readable by its owner only (0600), so the API and worker
 * processes, and every restart, share it. No secret is written in the source. Concurrent first starts agree: the file
 * is created exclusively and the loser reads the winner's.
 */
export function localSecret(file = LOCAL_SECRET_FILE): { secret: string; path: string; created: boolean } {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  try {
    writeFileSync(path, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return { secret, path, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // Kept by the owner only, whatever a copy or an umask did to it.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  const kept = readFileSync(path, 'utf8').trim();
  if (kept.length < 32)
    throw new Error(`${path} holds no usable secret (fewer than 32 characters): delete it to have a new one generated`);
  return { secret: kept, path, created: false };
}
