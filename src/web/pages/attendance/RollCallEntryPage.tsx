import { CalendarOutlined, CheckSquareOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { Link, Navigate } from 'react-router';
import { useMe } from '../../api/session.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/index.tsx';
import { rollCallGrants } from './access.ts';
import './attendance.css';

/** 今日点名: straight to the class for a teacher of one class, a choice for a teacher of several. */
export function RollCallEntryPage() {
  const t = useT();
  const me = useMe();
  const grants = rollCallGrants(me.data);
  const only = grants.length === 1 ? grants[0] : undefined;
  if (only) return <Navigate to={`/classes/${only.classId}/roll-call`} replace />;
  if (grants.length === 0) {
    return <Result status="info" title={t('attendance.noClass')} subTitle={t('attendance.noClassHint')} />;
  }
  return (
    <div>
      <PageHeader title={t('attendance.chooseClass')} />
      <div className="nol-card-list">
        {grants.map((g) => (
          <div key={g.classId} className="nol-child-card nol-rc-class-card" data-testid="rc-class-choice">
            <div className="nol-child-card-name">{g.scopeName}</div>
            <div className="nol-rc-class-actions">
              <Link to={`/classes/${g.classId}/roll-call`}>
                <Button type="primary" icon={<CheckSquareOutlined />}>
                  {t('attendance.takeRollCall')}
                </Button>
              </Link>
              <Link to={`/classes/${g.classId}/attendance`}>
                <Button icon={<CalendarOutlined />}>{t('attendance.monthLink')}</Button>
              </Link>
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
