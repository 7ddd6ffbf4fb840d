import { lang, t } from './i18n.js';

/** An error answered by the API (or the network), shown in the user's language with what to do next. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageEn: string,
    readonly messageVi: string,
    readonly details: Record<string, unknown> = {},
    readonly correlationId?: string,
  ) {
    super(messageEn);
  }

  /** The API's own sentence in the current language. */
  text(): string {
    return lang() === 'vi' ? this.messageVi || this.messageEn : this.messageEn || this.messageVi;
  }

  /** What the user can do about it. */
  next(): string {
    if (this.status === 0) return t('error.next.network');
    if (this.status === 401) return t('error.next.signIn');
    if (this.status === 403) return t('error.next.forbidden');
    if (this.status === 404) return t('error.next.notFound');
    if (this.status === 409 || this.status === 422 || this.status === 400) return t('error.next.fix');
    if (this.status === 423 || this.status === 429) return t('error.next.wait');
    return t('error.next.later');
  }
}

type TokenSource = { token: () => string | undefined; refresh: () => Promise<boolean> };
let tokens: TokenSource = { token: () => undefined, refresh: async () => false };
/** The session module plugs itself in here (it imports this file, not the other way round). */
export const useTokens = (source: TokenSource): void => {
  tokens = source;
};

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Do not send the access token (sign-in, register…). */
  anonymous?: boolean;
  signal?: AbortSignal;
  /** An Idempotency-Key, for POSTs that create (a retry after a lost answer must not create twice). */
  idempotent?: boolean;
}

async function send(method: string, path: string, o: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': lang(), ...o.headers };
  if (o.body !== undefined) headers['Content-Type'] = 'application/json';
  const token = o.anonymous ? undefined : tokens.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (o.idempotent) headers['Idempotency-Key'] = crypto.randomUUID();
  try {
    return await fetch(path, {
      method,
      headers,
      body: o.body === undefined ? undefined : JSON.stringify(o.body),
      credentials: 'same-origin',
      signal: o.signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(
      0,
      'web/network',
      'The library server could not be reached.',
      'Không kết nối được với máy chủ thư viện.',
    );
  }
}

async function toError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => ({}))) as {
    code?: string;
    message?: string;
    messageVi?: string;
    details?: Record<string, unknown>;
    correlationId?: string;
  };
  return new ApiError(
    res.status,
    body.code ?? `http/${res.status}`,
    body.message ?? `The server answered ${res.status}.`,
    body.messageVi ?? `Máy chủ trả lời mã ${res.status}.`,
    body.details ?? {},
    body.correlationId ?? res.headers.get('X-Correlation-Id') ?? undefined,
  );
}

/** A raw response (files), refreshing the access token once when it has expired. */
export async function raw(method: string, path: string, o: RequestOptions = {}): Promise<Response> {
  let res = await send(method, path, o);
  if (res.status === 401 && !o.anonymous && tokens.token() && (await tokens.refresh()))
    res = await send(method, path, o);
  if (!res.ok) throw await toError(res);
  return res;
}

/** JSON in, JSON out. */
export async function api<T>(method: string, path: string, o: RequestOptions = {}): Promise<T> {
  const res = await raw(method, path, o);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string, o?: RequestOptions) => api<T>('GET', path, o);
export const post = <T>(path: string, body?: unknown, o: RequestOptions = {}) => api<T>('POST', path, { ...o, body });

/** Query string from an object (arrays repeat the key; empty values are left out). */
export function qs(params: Record<string, string | number | boolean | string[] | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => u.append(k, x));
    else u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

/** Save a response as a file the browser downloads. */
export async function download(res: Response, fallbackName: string): Promise<void> {
  const blob = await res.blob();
  const cd = res.headers.get('Content-Disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1] ?? /filename="?([^";]+)"?/i.exec(cd)?.[1];
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}
