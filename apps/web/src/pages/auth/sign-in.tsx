import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { t, useLang } from '../../lib/i18n.js';
import { isAdmin, isStaff, signIn } from '../../lib/session.js';
import { ErrorBox, Field, PageTitle, useAction } from '../../components/ui.js';

/** Only paths of these pages are followed after sign-in (never another site). */
const safeNext = (next: string | undefined) =>
  next && /^\/(?!\/)/.test(next) && !next.startsWith('/sign-in') ? next : undefined;

export function SignInPage() {
  useLang();
  const { query, route } = useLocation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const act = useAction(async () => {
    const me = await signIn(login.trim(), password);
    route(
      safeNext(query.next) ??
        (isAdmin(me) && !isStaff(me) ? '/admin' : isStaff(me) ? '/desk' : me.patronId ? '/account' : '/'),
    );
  });
  return (
    <section class="narrow">
      <PageTitle>{t('signIn.title')}</PageTitle>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act.go();
        }}
      >
        <Field
          label={t('signIn.login')}
          hint={t('signIn.loginHint')}
          name="login"
          autoComplete="username"
          required
          value={login}
          onInput={(e) => setLogin((e.target as HTMLInputElement).value)}
        />
        <Field
          label={t('signIn.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
        />
        <ErrorBox error={act.error} />
        <button type="submit" disabled={act.busy}>
          {t('signIn.submit')}
        </button>
      </form>
      <p>
        <a href="/forgot-password">{t('signIn.forgot')}</a> · <a href="/register">{t('signIn.register')}</a>
      </p>
    </section>
  );
}
