import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { post } from '../../lib/api.js';
import { t, useLang } from '../../lib/i18n.js';
import { ErrorBox, Field, PageTitle, Success, useAction } from '../../components/ui.js';

/** The page the password e-mail links to. */
export function ResetPasswordPage() {
  useLang();
  const { query } = useLocation();
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [done, setDone] = useState(false);
  const [mismatch, setMismatch] = useState(false);
  const act = useAction(async () => {
    await post('/auth/password-reset/confirm', { token: query.token ?? '', newPassword: pw }, { anonymous: true });
    return true;
  });
  if (done)
    return (
      <section class="narrow">
        <PageTitle>{t('reset.title')}</PageTitle>
        <Success>
          <p>{t('reset.done')}</p>
          <p>
            <a href="/sign-in">{t('nav.signIn')}</a>
          </p>
        </Success>
      </section>
    );
  return (
    <section class="narrow">
      <PageTitle>{t('reset.title')}</PageTitle>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setMismatch(pw !== pw2);
          if (pw !== pw2) return;
          if (await act.go()) setDone(true);
        }}
      >
        <Field
          label={t('reset.new')}
          hint={t('register.passwordHint')}
          name="new-password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          value={pw}
          onInput={(e) => setPw((e.target as HTMLInputElement).value)}
        />
        <Field
          label={t('reset.again')}
          name="new-password-again"
          type="password"
          autoComplete="new-password"
          required
          value={pw2}
          onInput={(e) => setPw2((e.target as HTMLInputElement).value)}
        />
        {mismatch && (
          <p class="notice notice-error" role="alert">
            {t('reset.mismatch')}
          </p>
        )}
        <ErrorBox error={act.error} />
        <button type="submit" disabled={act.busy}>
          {t('reset.submit')}
        </button>
      </form>
    </section>
  );
}

/** Ask for a reset link (always the same answer, whether or not the e-mail has an account). */
export function ForgotPasswordPage() {
  useLang();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const act = useAction(async () => {
    await post('/auth/password-reset', { email: email.trim() }, { anonymous: true });
    setSent(true);
  });
  return (
    <section class="narrow">
      <PageTitle>{t('forgot.title')}</PageTitle>
      {sent ? (
        <Success>
          <p>{t('forgot.sent')}</p>
        </Success>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void act.go();
          }}
        >
          <Field
            label={t('register.email')}
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
          <ErrorBox error={act.error} />
          <button type="submit" disabled={act.busy}>
            {t('forgot.submit')}
          </button>
        </form>
      )}
    </section>
  );
}
