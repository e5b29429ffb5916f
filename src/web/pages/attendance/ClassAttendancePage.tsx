import { CheckSquareOutlined, LeftOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, keys } from '../../api/endpoints.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { Refusal } from '../../components/Refusal.tsx';
import { useT } from '../../i18n/index.tsx';
import { todayIso } from '../../lib/dates.ts';
import { useIsMobile } from '../../lib/hooks.ts';
import { isMissingRollCall, MonthCards, MonthGrid, MonthLegend } from './MonthParts.tsx';
import './attendance.css';
import './month.css';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** At most six dates spelled out: a month of missed roll calls should not fill a phone screen. */
function listDays(days: string[]): string {
  const shown = days.slice(0, 6).map((d) => d.slice(5));
  return days.length > shown.length ? `${shown.join('、')}…` : shown.join('、');
}

function shiftMonth(month: string, by: number): string {
  return dayjs(`${month}-01`).add(by, 'month').format('YYYY-MM');
}

function MonthSwitcher({ month, onChange }: { month: string; onChange: (month: string) => void }) {
  const t = useT();
  return (
    <div className="nol-rc-days">
      <Button
        icon={<LeftOutlined />}
        aria-label={t('attendance.prevMonth')}
        onClick={() => onChange(shiftMonth(month, -1))}
        data-testid="am-prev"
      />
      <DatePicker
        picker="month"
        value={dayjs(`${month}-01`)}
        onChange={(d) => d && onChange(d.format('YYYY-MM'))}
        allowClear={false}
        inputReadOnly
        format="YYYY-MM"
        className="nol-am-month-picker"
      />
      <Button
        icon={<RightOutlined />}
        aria-label={t('attendance.nextMonth')}
        onClick={() => onChange(shiftMonth(month, 1))}
        data-testid="am-next"
      />
    </div>
  );
}

export function ClassAttendancePage() {
  const t = useT();
  const isMobile = useIsMobile();
  const { id } = useParams();
  const classId = Number(id);
  const valid = Number.isInteger(classId) && classId > 0;
  const [search, setSearch] = useSearchParams();
  const requested = search.get('month') ?? '';
  // The browser's date picks the default month; the server's today decides which days are overdue.
  const month = MONTH.test(requested) ? requested : todayIso().slice(0, 7);
  const data = useQuery({
    queryKey: keys.classAttendance(classId, month),
    queryFn: () => api.classAttendance(classId, month),
    enabled: valid,
    placeholderData: keepPreviousData,
  });

  if (!valid) return <Refusal backTo="/schools" />;
  if (data.isError) return <QueryError error={data.error} retry={() => data.refetch()} backTo="/schools" />;
  if (!data.data) return <Skeleton active paragraph={{ rows: 10 }} />;

  const m = data.data;
  const today = m.today;
  const schoolDays = m.days.filter((d) => d.schoolDay && d.day <= today);
  const submitted = schoolDays.filter((d) => d.submitted).length;
  const missing = m.days.filter((d) => isMissingRollCall(d, today));
  // From a past month, the roll-call link opens its last school day (read-only) rather than today.
  const rollCallDay = today.startsWith(month) ? undefined : schoolDays.at(-1)?.day;
  return (
    <div>
      <PageHeader
        title={t('attendance.monthTitle', { name: m.className })}
        titleTestId="am-title"
        subtitle={
          <span>
            {m.schoolName} · {t('attendance.monthSubmitted', { done: submitted, days: schoolDays.length })}
          </span>
        }
        extra={
          <Link to={`/classes/${m.classId}/roll-call${rollCallDay ? `?day=${rollCallDay}` : ''}`}>
            <Button icon={<CheckSquareOutlined />}>{t('attendance.rollCallLink')}</Button>
          </Link>
        }
      />
      <MonthSwitcher month={month} onChange={(next) => setSearch({ month: next }, { replace: true })} />
      {missing.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="nol-rc-alert"
          title={t('attendance.missingDays', {
            n: missing.length,
            days: listDays(missing.map((d) => d.day)),
          })}
          data-testid="am-missing"
        />
      ) : null}
      <Card
        className={isMobile ? 'nol-card nol-card-plain' : 'nol-card'}
        loading={data.isFetching && data.isPlaceholderData}
      >
        {isMobile ? <MonthCards month={m} /> : <MonthGrid month={m} today={today} />}
        <MonthLegend />
      </Card>
    </div>
  );
}
