import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Tag } from 'antd';
import { api, keys } from '../../api/endpoints.ts';
import type { HouseholdRecord } from '../../api/types.ts';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { percent } from './labels.ts';
import './crosscheck.css';

const DECISION_COLOR: Record<HouseholdRecord['decision'], string> = {
  auto: 'green',
  review: 'gold',
  confirmed: 'blue',
};

/** 户籍与名单 on the child page: the list records linked to the child; hidden when none or not allowed. */
export function HouseholdSection({ childId }: { childId: number }) {
  const t = useT();
  // A 403/404 just means this user does not see list records: the section stays away, no error.
  const household = useQuery({
    queryKey: keys.household(childId),
    queryFn: () => api.household(childId),
    retry: false,
  });
  const items = household.data?.items ?? [];
  if (items.length === 0) return null;
  const sex = (s: HouseholdRecord['sex']) => (s === '1' ? t('sex.male') : s === '2' ? t('sex.female') : null);
  return (
    <Card className="nol-card" title={t('findings.household.title')} data-testid="household-section">
      {items.map((r) => (
        <div key={`${r.importId}:${r.listRow}`} className="nol-cc-household" data-testid="household-record">
          <div className="nol-cc-household-top">
            <span className="nol-strong">
              {t('findings.household.kind', { kind: t(`imports.kind.${r.kind}` as MessageKey) })}
            </span>
            <span className="nol-muted nol-small">{t('findings.household.row', { row: r.listRow })}</span>
            <Tag color={DECISION_COLOR[r.decision]}>{t(`findings.household.decision.${r.decision}`)}</Tag>
            <span className="nol-muted nol-small">
              {t('findings.household.score')} {percent(r.score)}
            </span>
          </div>
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2, md: 2, lg: 3 }}
            items={[
              { key: 'name', label: t('review.field.name'), children: r.name ?? '—' },
              { key: 'sex', label: t('review.field.sex'), children: sex(r.sex) ?? '—' },
              { key: 'birth', label: t('review.field.birthDate'), children: r.birthDate ?? '—' },
              {
                key: 'id',
                label: t('review.field.idNumber'),
                children: <span className="nol-mono">{r.idNumber ?? '—'}</span>,
              },
              { key: 'status', label: t('findings.household.status'), children: r.hukouStatus ?? '—' },
              { key: 'group', label: t('findings.household.group'), children: r.groupCode ?? '—' },
              { key: 'address', label: t('review.field.address'), children: r.address ?? '—' },
              { key: 'unit', label: t('findings.household.unit'), children: r.issuingUnit || '—' },
              { key: 'asOf', label: t('findings.household.asOf'), children: r.asOf },
            ]}
          />
        </div>
      ))}
    </Card>
  );
}
