import { useState } from 'preact/hooks';
import { post } from '../../lib/api.js';
import { label, t, useLang } from '../../lib/i18n.js';
import { useInstitutions } from '../../lib/names.js';
import { ErrorBox, Field, PageTitle, Success, useAction } from '../../components/ui.js';

const CATEGORIES = ['adult', 'student', 'senior', 'child'] as const;

function ageOn(birth: string): number {
  const b = new Date(`${birth}T00:00:00`);
  const now = new Date();
  return now.getFullYear() - b.getFullYear() - (now < new Date(now.getFullYear(), b.getMonth(), b.getDate()) ? 1 : 0);
}

/** Online registration: a verification link is e-mailed; following it issues the card. */
export function RegisterPage() {
  useLang();
  const institutions = useInstitutions();
  const libraries = [...institutions.values()]
    .filter((i) => /library/.test(i.type))
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const [f, setF] = useState({
    fullName: '',
    email: '',
    password: '',
    birthDate: '',
    category: 'adult',
    homeInstitutionId: '',
    phone: '',
    guardianName: '',
    guardianRelationship: '',
    childConsents: false,
  });
  const [sent, setSent] = useState<string | undefined>();
  const set = (k: keyof typeof f) => (e: Event) =>
    setF({
      ...f,
      [k]:
        (e.target as HTMLInputElement).type === 'checkbox'
          ? (e.target as HTMLInputElement).checked
          : (e.target as HTMLInputElement).value,
    });
  const minor = f.birthDate && ageOn(f.birthDate) < 16;
  const act = useAction(async () => {
    await post(
      '/auth/register',
      {
        fullName: f.fullName.trim().normalize('NFC'),
        email: f.email.trim(),
        password: f.password,
        birthDate: f.birthDate,
        category: f.category,
        homeInstitutionId: f.homeInstitutionId || libraries[0]?.id,
        ...(f.phone.trim() ? { phone: f.phone.trim() } : {}),
        ...(minor
          ? {
              consent: {
                guardianName: f.guardianName.trim(),
                guardianRelationship: f.guardianRelationship.trim(),
                childConsents: f.childConsents,
              },
            }
          : {}),
      },
      { anonymous: true, idempotent: true },
    );
    setSent(f.email.trim());
  });
  if (sent)
    return (
      <section class="narrow">
        <PageTitle>{t('register.title')}</PageTitle>
        <Success>
          <p>{t('register.sent', { email: sent })}</p>
        </Success>
      </section>
    );
  return (
    <section class="narrow">
      <PageTitle>{t('register.title')}</PageTitle>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act.go();
        }}
      >
        <Field
          label={t('register.fullName')}
          name="fullName"
          autoComplete="name"
          required
          value={f.fullName}
          onInput={set('fullName')}
        />
        <Field
          label={t('register.email')}
          name="email"
          type="email"
          autoComplete="email"
          required
          value={f.email}
          onInput={set('email')}
        />
        <Field
          label={t('register.password')}
          hint={t('register.passwordHint')}
          name="password"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          value={f.password}
          onInput={set('password')}
        />
        <Field
          label={t('register.birthDate')}
          name="birthDate"
          type="date"
          required
          value={f.birthDate}
          onInput={set('birthDate')}
        />
        <div class="field">
          <label for="f-category">{t('register.category')}</label>
          <select id="f-category" value={f.category} onChange={set('category')}>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {label('category', c)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="f-home">{t('register.home')}</label>
          <select id="f-home" value={f.homeInstitutionId || libraries[0]?.id} onChange={set('homeInstitutionId')}>
            {libraries.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('register.phone')}
          name="phone"
          type="tel"
          autoComplete="tel"
          value={f.phone}
          onInput={set('phone')}
        />
        {minor && (
          <fieldset>
            <legend>{t('register.consent')}</legend>
            <Field
              label={t('register.guardianName')}
              name="guardianName"
              required
              value={f.guardianName}
              onInput={set('guardianName')}
            />
            <Field
              label={t('register.guardianRelationship')}
              name="guardianRelationship"
              required
              value={f.guardianRelationship}
              onInput={set('guardianRelationship')}
            />
            <div class="check">
              <input type="checkbox" id="f-childConsents" checked={f.childConsents} onChange={set('childConsents')} />
              <label for="f-childConsents">{t('register.childConsents')}</label>
            </div>
          </fieldset>
        )}
        <ErrorBox error={act.error} />
        <button type="submit" disabled={act.busy}>
          {t('register.submit')}
        </button>
      </form>
    </section>
  );
}
