import { ArrowRightOutlined } from '@ant-design/icons';
import type { PolicyChange } from '../../../domain/countyPolicy.ts';
import { useLang, useT } from '../../i18n/index.tsx';
import { formatValue, pathLabel } from './policyText.ts';

/** Each changed value: its label, then before → after. */
export function PolicyDiff({ changes }: { changes: readonly PolicyChange[] }) {
  const t = useT();
  const { lang } = useLang();
  if (changes.length === 0) {
    return (
      <div className="nol-muted" data-testid="policy-diff-empty">
        {t('policy.diff.empty')}
      </div>
    );
  }
  return (
    <ul className="nol-policy-diff" data-testid="policy-diff">
      {changes.map((c) => (
        <li key={c.path} data-testid="policy-change">
          <div className="nol-policy-diff-label">{pathLabel(t, c.path)}</div>
          <div className="nol-policy-diff-values">
            <span className="nol-policy-diff-before">{formatValue(t, lang, c.path, c.before)}</span>
            <ArrowRightOutlined className="nol-muted" />
            <span className="nol-policy-diff-after">{formatValue(t, lang, c.path, c.after)}</span>
          </div>
        </li>
      ))}
    </ul>
  );
}
