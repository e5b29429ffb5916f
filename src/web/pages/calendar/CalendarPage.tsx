import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Skeleton, Space, Tag } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, keys } from '../../api/endpoints.ts';
import { hasAnyRole, useMe } from '../../api/session.ts';
import type { CalendarMonth } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { todayIso } from '../../lib/dates.ts';
import { CountyPicker, useCountyChoice } from '../policy/CountyPicker.tsx';
import { type CalendarScope, DayModal } from './DayModal.tsx';
import { Legend, MonthGrid } from './MonthGrid.tsx';
import './calendar.css';

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The bureau works on a county's calendar; a principal or deputy on their school's. */
function useCalendarScope(): {
  scope: CalendarScope | null;
  name: string | null;
  mayWrite: boolean;
  county: ReturnType<typeof useCountyChoice> | null;
} {
  const me = useMe();
  const county = useCountyChoice(['bureau_admin']);
  if (county.hasGrant) {
    const code = county.countyCode;
    return { scope: code ? { kind: 'county', code } : null, name: county.countyName, mayWrite: true, county };
  }
  const school = me.data?.grants.find(
    (g) => (g.role === 'principal' || g.role === 'deputy_head') && g.schoolId,
  );
  return {
    scope: school?.schoolId ? { kind: 'school', schoolId: school.schoolId } : null,
    name: school?.scopeName ?? null,
    mayWrite: hasAnyRole(me.data, ['principal']),
    county: null,
  };
}

function EntryList({ month }: { month: CalendarMonth }) {
  const t = useT();
  if (month.entries.length === 0) return <div className="nol-muted">{t('calendar.noEntries')}</div>;
  return (
    <div className="nol-items" data-testid="calendar-entries">
      {month.entries.map((e) => (
        <div key={e.id} className="nol-item">
          <div className="nol-item-main">
            <div className="nol-item-title">
              <span className="nol-item-name nol-mono">{e.day}</span>
              <Tag>{t(`calendar.entry.${e.kind}` as MessageKey)}</Tag>
              <span>{e.note ?? ''}</span>
            </div>
            <div className="nol-item-meta">{e.schoolName ?? t('calendar.wholeCounty')}</div>
          </div>
        </div>
      ))}
    </div>
  );
}

/** 校历: which days are school days, with the bureau's and the school's own entries. */
export function CalendarPage() {
  const t = useT();
  const [search, setSearch] = useSearchParams();
  const { scope, name, mayWrite, county } = useCalendarScope();
  const today = todayIso();
  const wanted = search.get('month');
  const month = wanted && /^[0-9]{4}-(0[1-9]|1[0-2])$/.test(wanted) ? wanted : today.slice(0, 7);
  const [openDay, setOpenDay] = useState<string | null>(null);
  const scopeKey = scope
    ? scope.kind === 'county'
      ? `county:${scope.code}`
      : `school:${scope.schoolId}`
    : '';
  const calendar = useQuery({
    queryKey: keys.calendar(scopeKey, month),
    queryFn: () =>
      scope?.kind === 'county'
        ? api.countyCalendar(scope.code, month)
        : api.schoolCalendar(scope?.schoolId ?? 0, month),
    enabled: scope !== null,
    placeholderData: keepPreviousData,
  });
  const goTo = (next: string) =>
    setSearch(
      (prev) => {
        const params = new URLSearchParams(prev);
        if (next === today.slice(0, 7)) params.delete('month');
        else params.set('month', next);
        return params;
      },
      { replace: true },
    );
  const [y, m] = month.split('-').map(Number) as [number, number];
  const data = calendar.data?.month === month ? calendar.data : undefined;

  return (
    <div>
      <PageHeader
        title={t('calendar.title')}
        subtitle={name ?? t('calendar.subtitle')}
        extra={county?.needsPicker ? <CountyPicker {...county.picker} /> : null}
      />
      {!scope ? (
        <Card className="nol-card">
          <Empty description={county ? t('policy.county.choose') : t('policy.county.none')} />
        </Card>
      ) : (
        <Card
          className="nol-card"
          title={
            <Space size={4} className="nol-cal-nav">
              <Button
                type="text"
                icon={<LeftOutlined />}
                onClick={() => goTo(shiftMonth(month, -1))}
                aria-label={t('calendar.prev')}
                data-testid="calendar-prev"
              />
              <span className="nol-cal-month" data-testid="calendar-month">
                {t('calendar.monthLabel', { year: y, month: m })}
              </span>
              <Button
                type="text"
                icon={<RightOutlined />}
                onClick={() => goTo(shiftMonth(month, 1))}
                aria-label={t('calendar.next')}
                data-testid="calendar-next"
              />
            </Space>
          }
          extra={
            month === today.slice(0, 7) ? null : (
              <Button size="small" onClick={() => goTo(today.slice(0, 7))}>
                {t('calendar.thisMonth')}
              </Button>
            )
          }
        >
          {calendar.isError ? (
            <QueryError error={calendar.error} retry={() => calendar.refetch()} backTo="/" />
          ) : !data ? (
            <Skeleton active paragraph={{ rows: 8 }} />
          ) : (
            <>
              {data.officialListCovers ? null : (
                <Alert
                  className="nol-cal-notice"
                  type={scope.kind === 'county' ? 'warning' : 'info'}
                  showIcon
                  title={t(scope.kind === 'county' ? 'calendar.notCovered' : 'calendar.notCoveredSchool', {
                    year: y,
                  })}
                  data-testid="calendar-not-covered"
                />
              )}
              <Legend />
              <MonthGrid month={data} today={today} onOpen={mayWrite ? setOpenDay : null} />
              <div className="nol-cal-footer">
                <div className="nol-muted nol-small">
                  {data.terms.length > 0
                    ? t('calendar.terms', {
                        list: data.terms.map((term) => `${term.startsOn} ～ ${term.endsOn}`).join('；'),
                      })
                    : t('calendar.noTerms')}
                </div>
                {mayWrite ? (
                  <div className="nol-muted nol-small">
                    {t(scope.kind === 'county' ? 'calendar.tapHintCounty' : 'calendar.tapHintSchool')}
                  </div>
                ) : null}
              </div>
            </>
          )}
        </Card>
      )}
      {data && scope ? (
        <Card className="nol-card nol-cal-entries-card" title={t('calendar.entriesTitle')}>
          <EntryList month={data} />
        </Card>
      ) : null}
      {data && scope && mayWrite ? (
        <DayModal day={openDay} month={data} scope={scope} onClose={() => setOpenDay(null)} />
      ) : null}
    </div>
  );
}
