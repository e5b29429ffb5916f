import { TeamOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Skeleton, Table, type TableColumnsType, Tag } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { SCHOOL_TYPES } from '../../../domain/codes.ts';
import { api, keys } from '../../api/endpoints.ts';
import type { SchoolClass } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { Refusal } from '../../components/Refusal.tsx';
import { useCodeLabel, useT } from '../../i18n/index.tsx';
import { useIsMobile } from '../../lib/hooks.ts';
import { gradeLabel } from '../children/ChildListPage.tsx';

const classLink = (c: SchoolClass) => `/children?schoolId=${c.schoolId}&classId=${c.id}`;
const attendanceLink = (c: SchoolClass) => `/classes/${c.id}/attendance`;

export function SchoolPage() {
  const t = useT();
  const label = useCodeLabel();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { id } = useParams();
  const schoolId = Number(id);
  const valid = Number.isInteger(schoolId) && schoolId > 0;
  const classes = useQuery({
    queryKey: keys.classes(schoolId),
    queryFn: () => api.classes(schoolId),
    enabled: valid,
  });

  if (!valid) return <Refusal backTo="/schools" />;
  if (classes.isError)
    return <QueryError error={classes.error} retry={() => classes.refetch()} backTo="/schools" />;
  if (!classes.data) return <Skeleton active paragraph={{ rows: 8 }} />;

  const { school, items } = classes.data;
  const sorted = [...items].sort((a, b) => a.grade - b.grade || a.classNumber - b.classNumber);
  const total = items.reduce((sum, c) => sum + c.childCount, 0);

  const columns: TableColumnsType<SchoolClass> = [
    {
      title: t('school.class'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Link to={classLink(c)} className="nol-strong-link">
          {name}
        </Link>
      ),
    },
    { title: t('school.grade'), dataIndex: 'grade', width: 110, render: (g: number) => gradeLabel(t, g) },
    {
      title: t('school.schoolYear'),
      dataIndex: 'schoolYear',
      width: 130,
      render: (y: number) => t('enrollment.schoolYear', { year: y, next: y + 1 }),
    },
    {
      title: t('school.homeroomTeacher'),
      dataIndex: 'homeroomTeacherName',
      render: (v: string | null) => v ?? '—',
    },
    { title: t('school.childCount'), dataIndex: 'childCount', width: 110, align: 'right' },
    {
      title: '',
      key: 'go',
      width: 210,
      render: (_, c) => (
        <span className="nol-school-class-links">
          <Link to={classLink(c)}>{t('school.viewChildren')}</Link>
          <Link to={attendanceLink(c)} data-testid="class-attendance">
            {t('attendance.monthLink')}
          </Link>
        </span>
      ),
    },
  ];

  return (
    <div>
      <PageHeader
        backTo="/schools"
        title={school.name}
        subtitle={
          <span>
            <Tag>{label(SCHOOL_TYPES, school.type)}</Tag>
            <span className="nol-mono nol-muted">{school.code}</span> ·{' '}
            {t('school.counts', { classes: items.length, children: total })}
          </span>
        }
        extra={
          <Button icon={<TeamOutlined />} onClick={() => navigate(`/children?schoolId=${school.id}`)}>
            {t('school.allChildren')}
          </Button>
        }
      />
      <Card
        className="nol-card"
        title={t('school.classes')}
        styles={{ body: { padding: isMobile ? 12 : 0 } }}
      >
        {sorted.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('school.noClasses')} />
        ) : isMobile ? (
          <div className="nol-card-list">
            {sorted.map((c) => (
              <div key={c.id} className="nol-child-card" data-testid="class-row">
                <div className="nol-child-card-top">
                  <Link to={classLink(c)} className="nol-child-card-name">
                    {c.name}
                  </Link>
                  <span className="nol-muted">{t('school.childrenN', { n: c.childCount })}</span>
                </div>
                <div className="nol-child-card-line nol-muted">
                  {t('school.homeroomTeacher')}
                  {t('common.colon')}
                  {c.homeroomTeacherName ?? '—'}
                </div>
                <div className="nol-child-card-line nol-school-class-links">
                  <Link to={classLink(c)}>{t('school.viewChildren')}</Link>
                  <Link to={attendanceLink(c)} data-testid="class-attendance">
                    {t('attendance.monthLink')}
                  </Link>
                </div>
              </div>
            ))}
          </div>
        ) : (
          <Table<SchoolClass>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={sorted}
            pagination={false}
          />
        )}
      </Card>
    </div>
  );
}
