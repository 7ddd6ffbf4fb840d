import { useLocation } from 'preact-iso';
import { post } from '../../lib/api.js';
import { day, t, useLang } from '../../lib/i18n.js';
import { ErrorBox, Loading, PageTitle, Success, useLoad } from '../../components/ui.js';

interface Patron {
  fullName: string;
  cardNumber: string | null;
  cardExpiresOn: string | null;
}

/** The page the verification e-mail links to: the account becomes active and the card is issued. */
export function VerifyPage() {
  useLang();
  const { query } = useLocation();
  const token = query.token ?? '';
  const { data, error, loading } = useLoad(
    () => post<Patron>('/auth/verify-email', { token }, { anonymous: true }),
    [token],
  );
  return (
    <section class="narrow">
      <PageTitle>{t('verify.title')}</PageTitle>
      {loading && <Loading />}
      <ErrorBox error={error} />
      {data && (
        <Success>
          <p>{t('verify.done', { name: data.fullName })}</p>
          {data.cardNumber && <p>{t('verify.card', { card: data.cardNumber, until: day(data.cardExpiresOn) })}</p>}
          <p>
            <a href="/sign-in?next=/account">{t('verify.signIn')}</a>
          </p>
        </Success>
      )}
    </section>
  );
}
