/** HTTP-ish status a domain error maps to; the API filter turns it into the response status. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 423 | 429 | 503 | 507;

export interface ErrorSpec {
  /** Stable code, `area/what_went_wrong`; clients switch on it, so never rename one. */
  code: string;
  status: ErrorStatus;
  /** English message; `{name}` placeholders are filled from details. */
  en: string;
  /** Vietnamese message; same placeholders. */
  vi: string;
}

/** An expected failure of a use case. Thrown by services (API and worker alike); never an HttpException. */
export class DomainError extends Error {
  readonly messageVi: string;
  constructor(
    readonly code: string,
    readonly status: ErrorStatus,
    message: string,
    messageVi: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.messageVi = messageVi;
  }
}

const fill = (template: string, details: Record<string, unknown>) =>
  template.replace(/\{(\w+)\}/g, (m, k: string) => (details[k] === undefined ? m : String(details[k])));

export type ErrorFactory = ((details?: Record<string, unknown>) => DomainError) & { readonly spec: ErrorSpec };

/** Declare a module's errors once; each becomes a factory: `throw CirculationErrors.copyOnLoan({ barcode })`. */
export function defineErrors<K extends string>(specs: Record<K, ErrorSpec>): Record<K, ErrorFactory> {
  const out = {} as Record<K, ErrorFactory>;
  for (const key of Object.keys(specs) as K[]) {
    const spec = specs[key];
    const factory = (details: Record<string, unknown> = {}) =>
      new DomainError(spec.code, spec.status, fill(spec.en, details), fill(spec.vi, details), details);
    out[key] = Object.assign(factory, { spec });
  }
  return out;
}

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
