import net from 'node:net';

/** True when something accepts TCP connections at host:port within `ms`. */
export function answers(host: string, port: number, ms = 700): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(ms, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The environment variables the global setup hands to every test worker. */
export const TEST_ENV = {
  adminUrl: 'SUOTDOI_TEST_ADMIN_URL',
  template: 'SUOTDOI_TEST_TEMPLATE_DB',
  redisUrl: 'SUOTDOI_TEST_REDIS_URL',
} as const;

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A TCP port free on 127.0.0.1 right now (for servers a test starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
