import { VIETNAM_TZ } from '@suotdoi/platform';

/** Values a notice is rendered from: strings only (they are stored as JSON and shown in the feed). */
export type NoticeParams = Record<string, string>;

/** A text of a template: `{name}` placeholders filled from the params, or a function of them. */
export type NoticeText<P extends NoticeParams> = string | ((p: P) => string);

/** One template as a module writes it. Vietnamese and English; the body is plain text (the HTML part is made from it). */
export interface NoticeTemplateSpec<P extends NoticeParams> {
  subject: { vi: NoticeText<P>; en: NoticeText<P> };
  body: { vi: NoticeText<P>; en: NoticeText<P> };
  /** How the e-mail greets someone whose name is unknown (`Chào bạn,` by default). */
  anonymous?: { vi: string };
  /**
   * Params shown exactly as written. Any other param that is a day (YYYY-MM-DD) reads dd/mm/yyyy, and one that is an
   * instant (ISO 8601) reads "hh:mm dd/mm/yyyy" in Vietnam time.
   */
  asWritten?: (keyof P & string)[];
}

/** A registered template: pass it to `NoticesService.notify` / `sendNow` with its params. */
export interface NoticeTemplate<P extends NoticeParams> extends NoticeTemplateSpec<P> {
  /** `module.name`, stored with each notice: never rename or remove one (stored notices are rendered from it). */
  readonly key: string;
  /** Phantom field carrying the params type; never set. */
  readonly __params?: P;
}

/** Fixes a template's params type: `template<{ title: string; dueDate: string }>({ … })`. */
export const template = <P extends NoticeParams>(spec: NoticeTemplateSpec<P>): NoticeTemplateSpec<P> => spec;

const REGISTRY = new Map<string, NoticeTemplate<NoticeParams>>();

/**
 * A module's notice templates, registered under `module.name`. Call once per module at import time (its
 * `notices/*.templates.ts` file); every process loads every module, so every process can render every notice.
 */
export function defineNoticeTemplates<T extends Record<string, NoticeTemplateSpec<never>>>(
  module: string,
  specs: T,
): { [K in keyof T]: T[K] extends NoticeTemplateSpec<infer P> ? NoticeTemplate<P> : never } {
  const out: Record<string, NoticeTemplate<NoticeParams>> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const key = `${module}.${name}`;
    if (!/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(key))
      throw new Error(`notice template key ${key} is not module.name`);
    if (REGISTRY.has(key)) throw new Error(`notice template ${key} is defined twice`);
    const t = { ...(spec as NoticeTemplateSpec<NoticeParams>), key };
    REGISTRY.set(key, t);
    out[name] = t;
  }
  return out as never;
}

/** The template stored notices name (undefined when no loaded module defines it). */
export function noticeTemplate(key: string): NoticeTemplate<NoticeParams> | undefined {
  return REGISTRY.get(key);
}

/** Every registered template key (for the OpenAPI enum and tests). */
export const noticeTemplateKeys = (): string[] => [...REGISTRY.keys()].sort();

const VIETNAM_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: VIETNAM_TZ,
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hourCycle: 'h23',
});

/** A day (YYYY-MM-DD) as dd/mm/yyyy, an instant (ISO 8601) as "hh:mm dd/mm/yyyy" in Vietnam time; anything else as it is. */
export function noticeValue(value: string): string {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  if (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  ) {
    const p = Object.fromEntries(VIETNAM_TIME.formatToParts(new Date(value)).map((x) => [x.type, x.value]));
    return `${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`;
  }
  return value;
}

/** A rendered notice: what the feed shows and the e-mail says. */
export interface RenderedNotice {
  subjectVi: string;
  subjectEn: string;
  bodyVi: string;
  bodyEn: string;
}

/**
 * Fill `{name}` placeholders from params in one pass (a value is never read as a template), days and instants
 * formatted (see noticeValue) except the params in `asWritten`; a placeholder without a value stays as it is.
 */
export function fillNotice(text: string, params: NoticeParams, asWritten: readonly string[] = []): string {
  return text
    .replace(/\{(\w+)\}/g, (m, k: string) =>
      params[k] === undefined ? m : asWritten.includes(k) ? params[k] : noticeValue(params[k]),
    )
    .normalize('NFC');
}

/** Render a template with its params (NFC). */
export function renderNotice<P extends NoticeParams>(t: NoticeTemplateSpec<P>, params: NoInfer<P>): RenderedNotice {
  const text = (x: NoticeText<P>) =>
    typeof x === 'function' ? x(params).normalize('NFC') : fillNotice(x, params, t.asWritten ?? []);
  return {
    subjectVi: text(t.subject.vi),
    subjectEn: text(t.subject.en),
    bodyVi: text(t.body.vi),
    bodyEn: text(t.body.en),
  };
}
