import { Button, Empty, Table, type TableColumnsType, Tag } from 'antd';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import type { Finding } from '../../api/types.ts';
import { CardList } from '../../components/CardList.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { useIsMobile } from '../../lib/hooks.ts';

const CODE_COLOR: Record<Finding['code'], string> = {
  not_enrolled: 'red',
  hukou_cancelled: 'volcano',
  hukou_mismatch: 'orange',
  duplicate_hukou: 'purple',
  no_hukou_record: 'geekblue',
  group_unknown_to_school: 'cyan',
};

interface Props {
  loading: boolean;
  items: Finding[] | undefined;
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  /** Present when the user may record outcomes (township officials and the bureau's admin). */
  onVerify?: (finding: Finding) => void;
}

export function FindingsList({ loading, items, total, page, pageSize, onPage, onVerify }: Props) {
  const t = useT();
  const isMobile = useIsMobile();
  const sex = (s: Finding['sex']) => (s === '1' ? t('sex.male') : s === '2' ? t('sex.female') : '');
  const person = (f: Finding) => (
    <div>
      {f.childId ? (
        <Link to={`/children/${f.childId}`} className="nol-strong-link">
          {f.name ?? '—'}
        </Link>
      ) : (
        <span className="nol-strong">{f.name ?? '—'}</span>
      )}
      <div className="nol-muted nol-small">{[sex(f.sex), f.birthDate].filter(Boolean).join(' · ')}</div>
      <div className="nol-muted nol-small nol-mono">{f.idNumber ?? ''}</div>
    </div>
  );
  const codeTag = (f: Finding) => (
    <Tag color={CODE_COLOR[f.code]}>{t(`findings.code.${f.code}` as MessageKey)}</Tag>
  );
  const where = (f: Finding) => [f.townshipName, f.schoolName].filter(Boolean).join(' · ') || '—';
  const detail = (f: Finding) => (
    <div>
      {f.detail ? <div>{f.detail}</div> : null}
      {f.kind && f.listRow ? (
        <div className="nol-muted nol-small">
          {t('findings.listRow', { kind: t(`imports.kind.${f.kind}` as MessageKey), row: f.listRow })}
        </div>
      ) : null}
    </div>
  );
  const status = (f: Finding) => {
    if (f.code !== 'not_enrolled') return null;
    const tag = f.verification ? (
      <Tag color={f.verification === 'out_of_school' ? 'red' : 'green'} data-testid="finding-verified">
        {t(`findings.outcome.${f.verification}` as MessageKey)}
      </Tag>
    ) : (
      <Tag color="gold">{t('findings.unverified')}</Tag>
    );
    return (
      <div className="nol-cc-status">
        {tag}
        {onVerify ? (
          <Button
            size="small"
            type={f.verification ? 'default' : 'primary'}
            onClick={() => onVerify(f)}
            data-testid="finding-verify"
          >
            {f.verification ? t('findings.reverify') : t('findings.verify')}
          </Button>
        ) : null}
      </div>
    );
  };
  const empty = <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('findings.empty')} />;

  if (isMobile) {
    return (
      <CardList
        loading={loading}
        items={items}
        total={total}
        page={page}
        pageSize={pageSize}
        onPage={onPage}
        empty={empty}
        renderItem={(f) => (
          <div key={f.id} className="nol-child-card nol-cc-finding-card" data-testid="finding-row">
            <div className="nol-cc-finding-top">
              {person(f)}
              {codeTag(f)}
            </div>
            <div className="nol-child-card-line nol-muted">{where(f)}</div>
            <div className="nol-child-card-line">{detail(f)}</div>
            {status(f)}
          </div>
        )}
      />
    );
  }
  const columns: TableColumnsType<Finding> = [
    { title: t('findings.col.person'), key: 'person', width: 200, render: (_, f) => person(f) },
    { title: t('findings.col.code'), key: 'code', width: 170, render: (_, f) => codeTag(f) },
    { title: t('findings.col.where'), key: 'where', width: 220, render: (_, f) => where(f) },
    { title: t('findings.col.detail'), key: 'detail', render: (_, f) => detail(f) },
    { title: t('findings.col.status'), key: 'status', width: 220, render: (_, f) => status(f) },
  ];
  return (
    <Table<Finding>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items ?? []}
      loading={loading}
      locale={{ emptyText: loading ? ' ' : empty }}
      onRow={() => ({ 'data-testid': 'finding-row' }) as HTMLAttributes<HTMLElement>}
      pagination={{
        current: page,
        pageSize,
        total,
        showSizeChanger: false,
        hideOnSinglePage: true,
        showTotal: (n) => t('findings.total', { total: n }),
        onChange: onPage,
      }}
      scroll={{ x: 1000 }}
    />
  );
}
