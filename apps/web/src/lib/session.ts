import { useEffect, useState } from 'preact/hooks';
import { ApiError, get, post, useTokens } from './api.js';

/**
 * The browser session: the access token lives only in this module's memory (never in localStorage); the refresh
 * token is an httpOnly cookie the page cannot read. A reload asks `/auth/browser/refresh` for a new access token,
 * echoing the CSRF cookie in a header (double submit).
 */
export interface Me {
  account: { id: string; email: string | null; displayName: string; systemAdmin: boolean; status: string };
  patronId: string | null;
  staff: { institutionId: string; roles: string[] }[];
  adminUnitIds: string[];
}

interface BrowserSession {
  accessToken: string;
  expiresIn: number;
  csrfToken: string;
}

export interface SessionState {
  /** undefined while the first refresh is under way. */
  me: Me | null | undefined;
}

let accessToken: string | undefined;
let state: SessionState = { me: undefined };
let refreshing: Promise<boolean> | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

const csrf = (): string => /(?:^|;\s*)suotdoi_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';

function set(next: SessionState): void {
  state = next;
  for (const f of listeners) f();
}

async function adopt(s: BrowserSession): Promise<void> {
  accessToken = s.accessToken;
  // Renew a minute before expiry so a page left open stays signed in.
  clearTimeout(timer);
  timer = setTimeout(() => void refresh(), Math.max(30, s.expiresIn - 60) * 1000);
  set({ me: await get<Me>('/me') });
}

/**
 * Run `work` while no other tab of this origin runs it (Web Locks API). Every tab shares the one refresh cookie, and a
 * refresh token presented twice revokes the whole sign-in, so two tabs refreshing at the same moment (a reload of
 * both, two timers) must take turns: the second then sends the cookie the first one's answer set. Where the API is
 * missing (a page served over plain http from another host is not a secure context), each tab refreshes on its own.
 */
function oneTabAtATime<T>(work: () => Promise<T>): Promise<T> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? locks.request('suotdoi-refresh', work) : work();
}

/** One refresh at a time, in this page and across the browser's tabs: a spent refresh token used twice would end the whole sign-in. */
export function refresh(): Promise<boolean> {
  if (refreshing) return refreshing;
  refreshing = oneTabAtATime(async () => {
    // Read inside the lock: another tab's refresh may have just replaced the cookies.
    if (!csrf()) return false;
    try {
      const s = await post<BrowserSession>('/auth/browser/refresh', undefined, {
        anonymous: true,
        headers: { 'X-CSRF-Token': csrf() },
      });
      await adopt(s);
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 0) return false;
      accessToken = undefined;
      return false;
    }
  }).finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

useTokens({ token: () => accessToken, refresh });

/** At page load: restore the session from the refresh cookie, if any. */
export async function restore(): Promise<void> {
  const ok = await refresh();
  if (!ok) set({ me: null });
}

export async function signIn(login: string, password: string): Promise<Me> {
  const s = await post<BrowserSession>('/auth/browser/sign-in', { login, password }, { anonymous: true });
  await adopt(s);
  return state.me as Me;
}

export async function signOut(): Promise<void> {
  await post('/auth/browser/sign-out', undefined, { anonymous: true, headers: { 'X-CSRF-Token': csrf() } }).catch(
    () => undefined,
  );
  accessToken = undefined;
  clearTimeout(timer);
  set({ me: null });
}

export const currentMe = (): Me | null | undefined => state.me;

export function useSession(): SessionState {
  const [s, setS] = useState(state);
  useEffect(() => {
    const f = () => setS(state);
    listeners.add(f);
    f();
    return () => listeners.delete(f);
  }, []);
  return s;
}

export const isStaff = (me: Me | null | undefined): boolean => !!me && me.staff.length > 0;
export const isAdmin = (me: Me | null | undefined): boolean =>
  !!me && (me.account.systemAdmin || me.adminUnitIds.length > 0);
/** Institutions where the signed-in person may work the desk. */
export const deskInstitutions = (me: Me | null | undefined): string[] =>
  me ? me.staff.filter((s) => s.roles.includes('circulation')).map((s) => s.institutionId) : [];
