import { PhoneOutlined } from '@ant-design/icons';
import { Button, Empty, Space, Tag, Timeline } from 'antd';
import {
  DISABILITY_LEVELS,
  DISABILITY_TYPES,
  GUARDIAN_RELATIONS,
  SOURCE_DEPARTMENTS,
} from '../../../domain/codes.ts';
import type { Enrollment, GroupMembership, Guardian } from '../../api/types.ts';
import { GroupTag } from '../../components/GroupTags.tsx';
import { useCodeLabel, useT } from '../../i18n/index.tsx';
import { formatInstant, todayIso } from '../../lib/dates.ts';
import { gradeLabel } from './ChildListPage.tsx';

export function GuardianList({
  guardians,
  mayEdit,
  onEdit,
  onEnd,
}: {
  guardians: Guardian[];
  mayEdit: boolean;
  onEdit: (g: Guardian) => void;
  onEnd: (g: Guardian) => void;
}) {
  const t = useT();
  const label = useCodeLabel();
  if (guardians.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('guardian.none')} />;
  const sorted = [...guardians].sort((a, b) => Number(Boolean(a.endedAt)) - Number(Boolean(b.endedAt)));
  return (
    <div className="nol-items">
      {sorted.map((g) => (
        <div
          key={g.id}
          className={g.endedAt ? 'nol-item nol-item-ended' : 'nol-item'}
          data-testid="guardian-row"
        >
          <div className="nol-item-main">
            <div className="nol-item-title">
              <span className="nol-item-name">{g.name}</span>
              <Tag>{label(GUARDIAN_RELATIONS, g.relation)}</Tag>
              {g.isGuardian ? <Tag color="blue">{t('guardian.guardianTag')}</Tag> : null}
              {g.workingAway ? <Tag color="orange">{t('guardian.awayTag')}</Tag> : null}
              {g.endedAt ? (
                <Tag>{t('common.ended', { at: formatInstant(g.endedAt).slice(0, 10) })}</Tag>
              ) : null}
            </div>
            <div className="nol-item-meta">
              {g.phone ? (
                <a href={`tel:${g.phone}`} className="nol-mono">
                  <PhoneOutlined /> {g.phone}
                </a>
              ) : (
                <span className="nol-muted">{t('guardian.noPhone')}</span>
              )}
              {g.idNumberMasked ? <span className="nol-mono nol-muted">{g.idNumberMasked}</span> : null}
              {g.workingAway && g.workPlace ? (
                <span>
                  {t('guardian.workPlace')}
                  {t('common.colon')}
                  {g.workPlace}
                </span>
              ) : null}
            </div>
          </div>
          {mayEdit && !g.endedAt ? (
            <Space size={4} className="nol-item-actions">
              <Button size="small" type="link" onClick={() => onEdit(g)}>
                {t('common.edit')}
              </Button>
              <Button size="small" type="link" danger onClick={() => onEnd(g)}>
                {t('common.end')}
              </Button>
            </Space>
          ) : null}
        </div>
      ))}
    </div>
  );
}

export function GroupList({
  memberships,
  mayEdit,
  onEnd,
}: {
  memberships: GroupMembership[];
  mayEdit: boolean;
  onEnd: (m: GroupMembership) => void;
}) {
  const t = useT();
  const label = useCodeLabel();
  if (memberships.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('group.none')} />;
  const today = todayIso();
  const sorted = [...memberships].sort(
    (a, b) =>
      Number(Boolean(a.endedAt)) - Number(Boolean(b.endedAt)) || b.validFrom.localeCompare(a.validFrom),
  );
  return (
    <div className="nol-items">
      {sorted.map((m) => {
        const expired = !m.endedAt && m.validTo !== null && m.validTo < today;
        const disability = [
          m.details.disabilityCategory ? label(DISABILITY_TYPES, m.details.disabilityCategory) : null,
          m.details.disabilityLevel ? label(DISABILITY_LEVELS, m.details.disabilityLevel) : null,
        ].filter(Boolean);
        return (
          <div
            key={m.id}
            className={m.endedAt ? 'nol-item nol-item-ended' : 'nol-item'}
            data-testid="group-row"
          >
            <div className="nol-item-main">
              <div className="nol-item-title">
                <GroupTag group={m.group} ended={Boolean(m.endedAt)} />
                {m.endedAt ? (
                  <Tag>{t('common.ended', { at: formatInstant(m.endedAt).slice(0, 10) })}</Tag>
                ) : null}
                {expired ? <Tag color="warning">{t('group.expired')}</Tag> : null}
              </div>
              <div className="nol-item-meta">
                <span>
                  {t('group.source')}
                  {t('common.colon')}
                  {label(SOURCE_DEPARTMENTS, m.sourceDepartment)}
                </span>
                <span>
                  {t('group.validity')}
                  {t('common.colon')}
                  {m.validFrom} {t('common.to')} {m.validTo ?? t('group.openEnded')}
                </span>
                {m.documentNumber ? (
                  <span>
                    {t('group.documentNumber')}
                    {t('common.colon')}
                    <span className="nol-mono">{m.documentNumber}</span>
                  </span>
                ) : null}
                {disability.length > 0 ? <span>{disability.join(' · ')}</span> : null}
                {m.details.note ? <span>{m.details.note}</span> : null}
                {m.endReason ? (
                  <span>
                    {t('common.endReason')}
                    {t('common.colon')}
                    {m.endReason}
                  </span>
                ) : null}
              </div>
            </div>
            {mayEdit && !m.endedAt ? (
              <Button size="small" type="link" danger onClick={() => onEnd(m)} className="nol-item-actions">
                {t('common.end')}
              </Button>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

export function EnrollmentTimeline({ enrollments }: { enrollments: Enrollment[] }) {
  const t = useT();
  if (enrollments.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('enrollment.none')} />;
  }
  const sorted = [...enrollments].sort((a, b) => b.startedOn.localeCompare(a.startedOn) || b.id - a.id);
  return (
    <Timeline
      className="nol-timeline"
      items={sorted.map((e) => ({
        key: e.id,
        color: e.endedOn ? 'gray' : 'green',
        content: (
          <div>
            <div className="nol-muted nol-small">
              {e.endedOn
                ? `${e.startedOn} ${t('common.to')} ${e.endedOn}`
                : t('enrollment.since', { date: e.startedOn })}
            </div>
            <div className="nol-strong">
              {e.schoolName} {e.className ?? gradeLabel(t, e.grade)}
            </div>
            <div className="nol-muted nol-small">
              {t('enrollment.schoolYear', { year: e.schoolYear, next: e.schoolYear + 1 })}
              {e.endReason ? ` · ${e.endReason}` : ''}
            </div>
          </div>
        ),
      }))}
    />
  );
}
