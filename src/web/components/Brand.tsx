import { useT } from '../i18n/index.tsx';

/** A small mark: a heart under a roof — every child cared for, at school and at home. */
function Mark() {
  return (
    <svg viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
      <path
        d="M2.6 11.2 12 3.8l9.4 7.4"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
      <path d="M12 20.6c-.3 0-6.2-3.5-6.2-7.6a3.1 3.1 0 0 1 6.2-.9 3.1 3.1 0 0 1 6.2.9c0 4.1-5.9 7.6-6.2 7.6z" />
    </svg>
  );
}

export function Brand({ compact }: { compact: boolean }) {
  const t = useT();
  return (
    <div className={compact ? 'nol-brand nol-brand-compact' : 'nol-brand'}>
      <span className="nol-logo">
        <Mark />
      </span>
      <span className="nol-brand-text">
        <span className="nol-brand-name">{t('app.name')}</span>
        {compact ? null : <span className="nol-brand-tagline">{t('app.tagline')}</span>}
      </span>
    </div>
  );
}
