import { Tag } from 'antd';
import type { ReactNode } from 'react';
import type { ReviewField, ReviewItem } from '../../api/types.ts';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { percent, reasonColor } from './labels.ts';
import { crosscheckZh } from './messages.ts';

interface Line {
  key: string;
  label: string;
  list: ReactNode;
  child: ReactNode;
  differs: boolean;
}

/** The list record and the registry child side by side, the fields that differ on red. */
export function ReviewPair({ item }: { item: ReviewItem }) {
  const t = useT();
  const sex = (s: '1' | '2' | null) => (s === '1' ? t('sex.male') : s === '2' ? t('sex.female') : '—');
  const dash = (v: string | null) => v || '—';
  // A reason this client does not know yet keeps the server's (Chinese) label.
  const reasonLabel = (r: { code: string; label: string }) =>
    `review.reason.${r.code}` in crosscheckZh ? t(`review.reason.${r.code}` as MessageKey) : r.label;
  const l = item.listRecord;
  const c = item.child;
  const field = (key: ReviewField, list: ReactNode, child: ReactNode): Line => ({
    key,
    label: t(`review.field.${key}` as MessageKey),
    list,
    child,
    differs: item.differing.includes(key),
  });
  const lines: Line[] = [
    field('name', dash(l.name), dash(c.name)),
    field('sex', sex(l.sex), sex(c.sex)),
    field('birthDate', dash(l.birthDate), dash(c.birthDate)),
    field(
      'idNumber',
      <span className="nol-mono">{dash(l.idNumber)}</span>,
      <span className="nol-mono">{dash(c.idNumber)}</span>,
    ),
    {
      key: 'place',
      label: `${t('review.field.address')} / ${t('review.field.school')}`,
      list: dash(l.address),
      child:
        [c.schoolName, c.grade ? t('review.gradeN', { n: c.grade }) : null].filter(Boolean).join(' ') || '—',
      differs: false,
    },
  ];
  const kind = t(`imports.kind.${item.kind}` as MessageKey);
  return (
    <div data-testid="review-item">
      <div className="nol-cc-pair">
        <div className="nol-cc-pair-head" />
        <div className="nol-cc-pair-head">
          <div className="nol-strong">{t('review.listSide')}</div>
          <div className="nol-muted nol-small">{t('review.listOf', { kind, row: item.listRow })}</div>
        </div>
        <div className="nol-cc-pair-head">
          <div className="nol-strong">{t('review.childSide')}</div>
          <div className="nol-muted nol-small nol-mono">{c.studentNumber ?? ''}</div>
        </div>
        {lines.map((line) => (
          <div
            key={line.key}
            className={`nol-cc-pair-row${line.differs ? ' nol-cc-diff' : ''}`}
            data-differs={line.differs}
          >
            <div className="nol-cc-pair-label">
              {line.label}
              {line.differs ? <span className="nol-cc-diff-mark">{t('review.differs')}</span> : null}
            </div>
            <div className="nol-cc-pair-value" data-testid={`review-list-${line.key}`}>
              {line.list}
            </div>
            <div className="nol-cc-pair-value" data-testid={`review-child-${line.key}`}>
              {line.child}
            </div>
          </div>
        ))}
      </div>
      <div className="nol-cc-reasons">
        <Tag color="blue" className="nol-cc-score" data-testid="review-score">
          {t('review.score', { score: percent(item.score) })}
        </Tag>
        {item.reasons.map((r) => (
          <Tag key={r.code} color={reasonColor(r.code)}>
            {reasonLabel(r)}
          </Tag>
        ))}
      </div>
    </div>
  );
}
