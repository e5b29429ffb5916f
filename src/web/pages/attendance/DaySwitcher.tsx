import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { addDays } from '../../../domain/dates.ts';
import { DateField } from '../../components/DateField.tsx';
import { useT } from '../../i18n/index.tsx';

/** Previous / next day and a date picker; the roll call of a future day cannot be opened. */
export function DaySwitcher({
  day,
  today,
  onChange,
}: {
  day: string;
  today: string;
  onChange: (day: string) => void;
}) {
  const t = useT();
  return (
    <div className="nol-rc-days">
      <Button
        icon={<LeftOutlined />}
        aria-label={t('attendance.prevDay')}
        onClick={() => onChange(addDays(day, -1))}
        data-testid="rc-prev-day"
      />
      <div className="nol-rc-day-picker">
        <DateField value={day} max={today} onChange={(next) => next && onChange(next)} />
      </div>
      <Button
        icon={<RightOutlined />}
        aria-label={t('attendance.nextDay')}
        disabled={day >= today}
        onClick={() => onChange(addDays(day, 1))}
      />
      {day !== today ? (
        <Button type="link" onClick={() => onChange(today)} data-testid="rc-today">
          {t('attendance.backToToday')}
        </Button>
      ) : null}
    </div>
  );
}
