import { defineErrors } from '@suotdoi/platform';

/** Errors of the web pages' cookie session (kept apart from identity.errors.ts, which the auth hardening owns). */
export const BrowserSessionErrors = defineErrors({
  csrfFailed: {
    code: 'identity/csrf_failed',
    status: 403,
    en: 'This request did not come from the library’s own pages (missing or wrong CSRF token); reload the page and try again.',
    vi: 'Yêu cầu này không đến từ trang của thư viện (thiếu hoặc sai mã CSRF); hãy tải lại trang rồi thử lại.',
  },
});
