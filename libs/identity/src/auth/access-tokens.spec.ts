import { describe, expect, it } from '@jest/globals';
import { loadConfig, type Clock } from '@suotdoi/platform';
import { AccessTokens } from './access-tokens.js';

/** A clock the test moves by hand. */
const clockAt = (iso: string) => {
  let t = new Date(iso).getTime();
  return { clock: { now: () => new Date(t) } as Clock, advance: (seconds: number) => (t += seconds * 1000) };
};

describe('access tokens', () => {
  const config = loadConfig({ NODE_ENV: 'test', ACCESS_TOKEN_TTL_SECONDS: '900' });

  it('verifies its own tokens, and a remembered token still expires on time', async () => {
    const { clock, advance } = clockAt('2026-02-16T08:00:00+07:00'); // mùng 1 Tết Bính Ngọ
    const tokens = new AccessTokens(config, clock);
    const token = await tokens.issue({ accountId: '7b3c0c86-2f4e-4c4f-9d1e-1d8c1b0f5a11', version: 3 });
    expect(await tokens.verify(token)).toEqual({ accountId: '7b3c0c86-2f4e-4c4f-9d1e-1d8c1b0f5a11', version: 3 });
    advance(899);
    expect(await tokens.verify(token)).toEqual({ accountId: '7b3c0c86-2f4e-4c4f-9d1e-1d8c1b0f5a11', version: 3 });
    advance(2);
    expect(await tokens.verify(token)).toBeUndefined();
    expect(await tokens.verify(token)).toBeUndefined();
  });

  it('refuses a token signed with another secret or altered, whatever it has remembered', async () => {
    const { clock } = clockAt('2026-09-02T09:00:00+07:00');
    const ours = new AccessTokens(config, clock);
    const theirs = new AccessTokens(
      loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'một-bí-mật-khác-hẳn-dài-hơn-32-ký-tự-đấy' }),
      clock,
    );
    const good = await ours.issue({ accountId: '0d9f7a52-8a55-4d8e-b1f4-3c6f3f0e2b7c', version: 1 });
    expect(await ours.verify(good)).toBeDefined();
    expect(
      await ours.verify(await theirs.issue({ accountId: '0d9f7a52-8a55-4d8e-b1f4-3c6f3f0e2b7c', version: 1 })),
    ).toBeUndefined();
    const [h, p, sig] = good.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), ver: 99 })).toString('base64url')}.${sig}`;
    expect(await ours.verify(forged)).toBeUndefined();
  });
});
