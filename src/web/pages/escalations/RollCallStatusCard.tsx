import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Progress, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { api, keys } from '../../api/endpoints.ts';
import type { RollCallStatus } from '../../api/types.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { useT } from '../../i18n/index.tsx';

const SCHOOLS_SHOWN = 6;
const CLASSES_SHOWN = 8;

/**
 * Schools with classes still missing, the most missing first. A county has hundreds of classes:
 * a few schools and classes each, with the rest behind "show all", keep the card readable.
 */
function MissingBySchool({ status }: { status: RollCallStatus }) {
  const t = useT();
  const [all, setAll] = useState(false);
  const schools = status.schools
    .filter((s) => s.missing.length > 0)
    .sort((a, b) => b.missing.length - a.missing.length);
  if (schools.length === 0) {
    return (
      <div className="nol-rollcall-all" data-testid="rollcall-all-in">
        <CheckCircleOutlined /> {t('escalations.rollCall.allIn')}
      </div>
    );
  }
  // After the roll-call hour a missing class is a lapse to chase; before it, only not yet done.
  const color = status.pastDeadline ? 'red' : 'default';
  const shown = all ? schools : schools.slice(0, SCHOOLS_SHOWN);
  return (
    <div className="nol-rollcall-schools">
      {shown.map((s) => (
        <div key={s.schoolId} className="nol-rollcall-school" data-testid="rollcall-school">
          <div className="nol-rollcall-school-name">
            <span className="nol-strong">{s.schoolName}</span>
            <span className="nol-muted nol-small">
              {s.townshipName} ·{' '}
              {t('escalations.rollCall.schoolCount', { submitted: s.submitted, classes: s.classes })}
            </span>
          </div>
          <div className="nol-tags">
            {s.missing.slice(0, all ? undefined : CLASSES_SHOWN).map((c) => (
              <Tag key={c.classId} color={color}>
                {c.className}
                {c.teacherName ? <span className="nol-rollcall-teacher">（{c.teacherName}）</span> : null}
              </Tag>
            ))}
            {!all && s.missing.length > CLASSES_SHOWN ? (
              <span className="nol-muted nol-small">
                {t('escalations.rollCall.moreClasses', { n: s.missing.length - CLASSES_SHOWN })}
              </span>
            ) : null}
          </div>
        </div>
      ))}
      {schools.length > SCHOOLS_SHOWN || schools.some((s) => s.missing.length > CLASSES_SHOWN) ? (
        <Button type="link" className="nol-rollcall-toggle" onClick={() => setAll((v) => !v)}>
          {all
            ? t('escalations.rollCall.showLess')
            : t('escalations.rollCall.showAll', { n: schools.length })}
        </Button>
      ) : null}
    </div>
  );
}

/** Today's roll calls: how many classes submitted, and which have not — loud once the hour has passed. */
export function RollCallStatusCard() {
  const t = useT();
  const status = useQuery({
    queryKey: keys.rollCallStatus(undefined),
    queryFn: () => api.rollCallStatus(),
    refetchInterval: 120_000,
  });
  const data = status.data;
  const percent = data && data.totals.classes > 0 ? (100 * data.totals.submitted) / data.totals.classes : 0;

  return (
    <Card
      className="nol-card"
      title={
        <span>
          <ClockCircleOutlined /> {t('escalations.rollCall.title')}
          {data ? <span className="nol-muted nol-card-title-note"> {data.day}</span> : null}
        </span>
      }
      data-testid="rollcall-status"
    >
      {status.isError ? (
        <QueryError error={status.error} retry={() => status.refetch()} />
      ) : !data ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : !data.dayIsSchoolDay ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('escalations.rollCall.noSchool')} />
      ) : (
        <>
          <div className="nol-rollcall-head">
            <Progress
              type="circle"
              size={88}
              percent={Math.floor(percent)}
              status={data.pastDeadline && data.totals.missing > 0 ? 'exception' : undefined}
              format={() => `${data.totals.submitted}/${data.totals.classes}`}
            />
            <div>
              <div className="nol-rollcall-figure">
                {t('escalations.rollCall.submitted', {
                  submitted: data.totals.submitted,
                  classes: data.totals.classes,
                })}
              </div>
              <div className="nol-muted">{t('escalations.rollCall.deadline', { time: data.rollCallBy })}</div>
            </div>
          </div>
          {data.totals.missing > 0 ? (
            <Alert
              className="nol-rollcall-alert"
              type={data.pastDeadline ? 'error' : 'info'}
              showIcon
              title={t(data.pastDeadline ? 'escalations.rollCall.late' : 'escalations.rollCall.pending', {
                n: data.totals.missing,
                time: data.rollCallBy,
              })}
            />
          ) : null}
          <MissingBySchool status={data} />
        </>
      )}
    </Card>
  );
}
