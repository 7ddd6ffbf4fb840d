import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from 'preact-iso';
import { setLang, t, useLang } from './lib/i18n.js';
import { isAdmin, isStaff, signOut, useSession } from './lib/session.js';
import { SearchPage } from './pages/catalogue/search.js';
import { RecordPage } from './pages/catalogue/record.js';

// The catalogue is in the first load; the rest is fetched when first opened.
const SignInPage = lazy(() => import('./pages/auth/sign-in.js').then((m) => m.SignInPage));
const RegisterPage = lazy(() => import('./pages/auth/register.js').then((m) => m.RegisterPage));
const VerifyPage = lazy(() => import('./pages/auth/verify.js').then((m) => m.VerifyPage));
const ResetPasswordPage = lazy(() => import('./pages/auth/reset-password.js').then((m) => m.ResetPasswordPage));
const ForgotPasswordPage = lazy(() => import('./pages/auth/reset-password.js').then((m) => m.ForgotPasswordPage));
const AccountPage = lazy(() => import('./pages/account/account.js').then((m) => m.AccountPage));
const DeskPage = lazy(() => import('./pages/desk/desk.js').then((m) => m.DeskPage));
const EventsCalendarPage = lazy(() => import('./pages/events/calendar.js').then((m) => m.EventsCalendarPage));
const AdminPage = lazy(() => import('./pages/admin/dashboard.js').then((m) => m.AdminPage));

/** Links the router handles itself; anything else (/docs, /admin/queues, files, feeds) is a real navigation. */
const PAGE_LINKS =
  /^\/(?:$|\?|opac|sign-in|register|verify|reset-password|forgot-password|account|desk|admin(?:$|\?|\/dashboard|\/plans))/;

function Header() {
  const { me } = useSession();
  const l = useLang();
  const { route, path } = useLocation();
  const here = (p: string) => (path === p || (p !== '/' && path.startsWith(p)) ? 'page' : undefined);
  return (
    <header class="site">
      <a class="skip" href="#main">
        {t('nav.skip')}
      </a>
      <div class="bar">
        <a href="/" class="brand">
          Suốt Đời
        </a>
        <nav aria-label={t('nav.label')}>
          <a
            href="/"
            aria-current={path === '/' || path === '/opac' || path.startsWith('/opac/records') ? 'page' : undefined}
          >
            {t('nav.catalogue')}
          </a>
          <a href="/opac/events" aria-current={here('/opac/events')}>
            {t('nav.events')}
          </a>
          {me && me.patronId && (
            <a href="/account" aria-current={here('/account')}>
              {t('nav.account')}
            </a>
          )}
          {isStaff(me) && (
            <a href="/desk" aria-current={here('/desk')}>
              {t('nav.desk')}
            </a>
          )}
          {isAdmin(me) && (
            <a href="/admin" aria-current={here('/admin')}>
              {t('nav.admin')}
            </a>
          )}
        </nav>
        <div class="tools">
          <button
            type="button"
            class="link"
            lang={l === 'vi' ? 'en' : 'vi'}
            onClick={() => setLang(l === 'vi' ? 'en' : 'vi')}
            title={t('lang.switch')}
          >
            {l === 'vi' ? 'English' : 'Tiếng Việt'}
          </button>
          {me === null && (
            <a href={`/sign-in?next=${encodeURIComponent(path)}`} class="button small">
              {t('nav.signIn')}
            </a>
          )}
          {me && (
            <>
              <span class="who">{me.account.displayName}</span>
              <button
                type="button"
                class="secondary small"
                onClick={async () => {
                  await signOut();
                  route('/');
                }}
              >
                {t('nav.signOut')}
              </button>
            </>
          )}
        </div>
      </div>
    </header>
  );
}

function NotFound() {
  return (
    <section>
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="/">{t('notFound.back')}</a>
      </p>
    </section>
  );
}

export function App() {
  useLang();
  return (
    <LocationProvider scope={PAGE_LINKS}>
      <Header />
      <main id="main">
        <ErrorBoundary>
          <Router>
            <Route path="/" component={SearchPage} />
            <Route path="/opac" component={SearchPage} />
            <Route path="/opac/records/:id" component={RecordPage} />
            <Route path="/opac/events" component={EventsCalendarPage} />
            <Route path="/sign-in" component={SignInPage} />
            <Route path="/register" component={RegisterPage} />
            <Route path="/verify" component={VerifyPage} />
            <Route path="/reset-password" component={ResetPasswordPage} />
            <Route path="/forgot-password" component={ForgotPasswordPage} />
            <Route path="/account" component={AccountPage} />
            <Route path="/account/:tab" component={AccountPage} />
            <Route path="/desk" component={DeskPage} />
            <Route path="/desk/:tab" component={DeskPage} />
            <Route path="/admin" component={AdminPage} />
            <Route path="/admin/plans/:planId" component={AdminPage} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
      <footer class="site">
        <p>
          {t('footer.text')} · <a href="/catalogue/opds">{t('footer.opds')}</a> · <a href="/docs">API</a>
        </p>
      </footer>
    </LocationProvider>
  );
}
