import { useEffect, useState } from 'preact/hooks';
import { en } from './messages.en.js';
import { vi, type Messages } from './messages.vi.js';

export type Lang = 'vi' | 'en';
const LANG_KEY = 'suotdoi.lang';
const dictionaries: Record<Lang, Messages> = { vi, en };

let current: Lang = readLang();
const listeners = new Set<() => void>();

function readLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export const lang = (): Lang => current;

export function setLang(l: Lang): void {
  current = l;
  try {
    localStorage.setItem(LANG_KEY, l);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = l;
  for (const f of listeners) f();
}

/** Re-render a component when the language changes. */
export function useLang(): Lang {
  const [, tick] = useState(0);
  useEffect(() => {
    const f = () => tick((n) => n + 1);
    listeners.add(f);
    return () => listeners.delete(f);
  }, []);
  return current;
}

export type MessageKey = keyof Messages;

/** The message in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = dictionaries[current][key] ?? vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k: string) =>
    params[k] === undefined ? `{${k}}` : typeof params[k] === 'number' ? num(params[k] as number) : String(params[k]),
  );
}

/** A label from a group of coded values (formats, languages, statuses…), the code itself when unknown. */
export function label(group: string, code: string): string {
  const key = `${group}.${code}` as MessageKey;
  return (dictionaries[current][key] ?? vi[key] ?? code) as string;
}

const locale = () => (current === 'vi' ? 'vi-VN' : 'en-GB');
const TZ = 'Asia/Ho_Chi_Minh';

export const num = (n: number, digits = 0): string =>
  new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
export const vnd = (n: number): string =>
  new Intl.NumberFormat(locale(), { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }).format(n);
export const pct = (n: number): string =>
  new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(n);

/** 03/12/2026 — a calendar day (YYYY-MM-DD from the API is a Vietnamese day, not an instant). */
export function day(value: string | Date | null | undefined): string {
  if (!value) return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-');
    return current === 'vi' ? `${d}/${m}/${y}` : `${d}/${m}/${y}`;
  }
  return new Intl.DateTimeFormat(locale(), { timeZone: TZ, day: '2-digit', month: '2-digit', year: 'numeric' }).format(
    new Date(value),
  );
}

/** 14:05 03/12/2026 */
export function dateTime(value: string | Date | null | undefined): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(locale(), {
    timeZone: TZ,
    hour: '2-digit',
    minute: '2-digit',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(value));
}

/** Thứ Hai, Monday… of a Vietnamese calendar day (YYYY-MM-DD). */
export function weekday(value: string): string {
  return new Intl.DateTimeFormat(locale(), { timeZone: 'UTC', weekday: 'long' }).format(new Date(`${value}T00:00:00Z`));
}
