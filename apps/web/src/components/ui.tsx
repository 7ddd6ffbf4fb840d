import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../lib/api.js';
import { t } from '../lib/i18n.js';

/** An API error in the user's language, with what to do next (never a stack or a bare code). */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const e =
    error instanceof ApiError
      ? error
      : new ApiError(500, 'web/unexpected', String((error as Error)?.message ?? error), t('error.unexpected'));
  const fields = (e.details?.fields ?? []) as { field?: string; property?: string; messages?: string[] }[];
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <strong>{e.text()}</strong>
      </p>
      {Array.isArray(fields) && fields.length > 0 && (
        <ul>
          {fields.map((f) => (
            <li key={f.field ?? f.property}>{f.field ?? f.property}</li>
          ))}
        </ul>
      )}
      <p>{e.next()}</p>
      {e.correlationId && e.status >= 500 && <p class="muted small">{t('error.reference', { id: e.correlationId })}</p>}
      {onRetry && (
        <button type="button" class="secondary" onClick={onRetry}>
          {t('action.retry')}
        </button>
      )}
    </div>
  );
}

export function Success({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice notice-ok" role="status">
      {children}
    </div>
  );
}

export function Loading() {
  return (
    <p class="muted" role="status" aria-live="polite">
      {t('loading')}
    </p>
  );
}

/** Data loaded by `load`, re-run when `deps` change; `reload` runs it again. */
export function useLoad<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: unknown[],
): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [n, setN] = useState(0);
  useEffect(() => {
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    load(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ data, error: undefined, loading: false }),
      (error) =>
        !ctrl.signal.aborted &&
        (error as Error)?.name !== 'AbortError' &&
        setState({ data: undefined, error, loading: false }),
    );
    return () => ctrl.abort();
  }, [...deps, n]);
  return { ...state, reload: () => setN((x) => x + 1) };
}

/** Run an action, remembering whether it is busy and how it failed. */
export function useAction<A extends unknown[], R>(
  run: (...args: A) => Promise<R>,
): { busy: boolean; error: unknown; go: (...args: A) => Promise<R | undefined>; reset: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  return {
    busy,
    error,
    reset: () => setError(undefined),
    go: async (...args: A) => {
      setBusy(true);
      setError(undefined);
      try {
        return await run(...args);
      } catch (e) {
        setError(e);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
  };
}

interface InputProps {
  label: string;
  hint?: string;
  name: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'tel';
  value?: string;
  required?: boolean;
  autoComplete?: string;
  minLength?: number;
  onInput?: (e: Event) => void;
}

/** A labelled input (the label is a real <label for>, the hint is read with the field). */
export function Field({ label, hint, name, ...rest }: InputProps) {
  const id = `f-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {/* Preact's input types tell input kinds apart by `type`; these props are plain attributes. */}
      <input
        id={id}
        name={name}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...(rest as Record<string, unknown>)}
      />
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
    </div>
  );
}

/** Moves focus to the page's heading when the page changes, so screen readers announce it. */
export function PageTitle({ children }: { children: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${children} — Suốt Đời`;
    ref.current?.focus();
  }, [children]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
