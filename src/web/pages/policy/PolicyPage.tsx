import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Form, Row, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import type { CountyPolicy } from '../../../domain/countyPolicy.ts';
import { api, keys } from '../../api/endpoints.ts';
import { hasAnyRole, POLICY_ROLES, useMe } from '../../api/session.ts';
import type { CountyPolicyVersion } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { CountyPicker, useCountyChoice } from './CountyPicker.tsx';
import { PolicyEditor } from './PolicyEditor.tsx';
import { PolicyForm } from './PolicyForm.tsx';
import './policy.css';

const STATE_COLORS = { current: 'green', scheduled: 'blue', past: 'default' } as const;

function VersionList({
  versions,
  shown,
  onShow,
  onEditFrom,
}: {
  versions: CountyPolicyVersion[];
  shown: number;
  onShow: (version: number) => void;
  onEditFrom: ((version: CountyPolicyVersion) => void) | null;
}) {
  const t = useT();
  return (
    <Card className="nol-card" title={t('policy.versions')} data-testid="policy-versions">
      <div className="nol-items">
        {[...versions].reverse().map((v) => (
          <div
            key={v.version}
            className={v.version === shown ? 'nol-item nol-policy-version-shown' : 'nol-item'}
            data-testid="policy-version"
          >
            <div className="nol-item-main">
              <div className="nol-item-title">
                <span className="nol-item-name">{t('policy.versionN', { n: v.version })}</span>
                <Tag color={STATE_COLORS[v.state]} data-testid="policy-version-state">
                  {t(`policy.state.${v.state}` as MessageKey)}
                </Tag>
              </div>
              <div className="nol-item-meta">
                <span>{t('policy.effectiveOn', { day: v.effectiveFrom })}</span>
                <span>{[v.createdByName, formatInstant(v.createdAt)].filter(Boolean).join(' · ')}</span>
              </div>
              {v.reason ? <div className="nol-small nol-policy-version-reason">{v.reason}</div> : null}
            </div>
            <div className="nol-item-actions nol-policy-version-actions">
              {v.version === shown ? null : (
                <Button size="small" type="link" onClick={() => onShow(v.version)}>
                  {t('policy.view')}
                </Button>
              )}
              {onEditFrom && v.state !== 'past' ? (
                <Button size="small" type="link" onClick={() => onEditFrom(v)}>
                  {t('policy.editFrom')}
                </Button>
              ) : null}
            </div>
          </div>
        ))}
      </div>
    </Card>
  );
}

/** One version, read-only, in the same layout as the editor (keyed by version: a form store keeps its first values). */
function PolicyView({ version }: { version: CountyPolicyVersion }) {
  const [form] = Form.useForm<CountyPolicy>();
  return (
    <PolicyForm key={version.version} form={form} initial={version.policy} disabled issues={new Map()} />
  );
}

/** 一县一策: the county's policy versions, and for its bureau admins a new version from any of them. */
export function PolicyPage() {
  const t = useT();
  const me = useMe();
  const county = useCountyChoice(POLICY_ROLES);
  const mayEdit = hasAnyRole(me.data, ['bureau_admin']);
  const [shown, setShown] = useState<number | null>(null);
  const [editing, setEditing] = useState<CountyPolicyVersion | null>(null);
  const code = county.countyCode;
  const overview = useQuery({
    queryKey: keys.countyPolicy(code ?? ''),
    queryFn: () => api.countyPolicy(code ?? ''),
    enabled: code !== null,
  });
  const data = overview.data;
  const current = data?.versions.find((v) => v.version === data.current);
  const viewed = data?.versions.find((v) => v.version === (shown ?? data.current)) ?? current;
  const scheduled = data?.versions.filter((v) => v.state === 'scheduled') ?? [];

  const header = (
    <PageHeader
      title={t('policy.title')}
      titleTestId="policy-title"
      subtitle={
        county.countyName && current
          ? t('policy.subtitle', {
              county: county.countyName,
              n: current.version,
              day: current.effectiveFrom,
            })
          : (county.countyName ?? t('policy.intro'))
      }
      extra={
        <>
          {county.needsPicker ? <CountyPicker {...county.picker} /> : null}
          {mayEdit && current && !editing ? (
            <Button
              type="primary"
              icon={<EditOutlined />}
              onClick={() => setEditing(current)}
              data-testid="policy-edit"
            >
              {t('policy.edit')}
            </Button>
          ) : null}
        </>
      }
    />
  );

  if (!code) {
    return (
      <div>
        {header}
        <Card className="nol-card">
          <Empty description={county.hasGrant ? t('policy.county.choose') : t('policy.county.none')} />
        </Card>
      </div>
    );
  }
  if (overview.isError) {
    return (
      <div>
        {header}
        <QueryError error={overview.error} retry={() => overview.refetch()} backTo="/" />
      </div>
    );
  }
  if (!data || !viewed) {
    return (
      <div>
        {header}
        <Skeleton active paragraph={{ rows: 10 }} />
      </div>
    );
  }

  return (
    <div>
      {header}
      {editing ? (
        <PolicyEditor
          key={`${code}-${editing.version}`}
          countyCode={code}
          overview={data}
          basedOn={editing}
          onDone={() => {
            setEditing(null);
            setShown(null);
          }}
        />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            {scheduled.length > 0 ? (
              <Alert
                className="nol-policy-scheduled"
                type="info"
                showIcon
                title={t('policy.scheduledNotice', {
                  list: scheduled
                    .map((v) => t('policy.scheduledItem', { n: v.version, day: v.effectiveFrom }))
                    .join('；'),
                })}
              />
            ) : null}
            <div className="nol-policy-viewing" data-testid="policy-viewing">
              {t('policy.viewing', { n: viewed.version })}
              <Tag color={STATE_COLORS[viewed.state]}>{t(`policy.state.${viewed.state}` as MessageKey)}</Tag>
              {mayEdit ? null : <span className="nol-muted nol-small">{t('policy.readOnly')}</span>}
            </div>
            <PolicyView key={viewed.version} version={viewed} />
          </Col>
          <Col xs={24} xl={9}>
            <VersionList
              versions={data.versions}
              shown={viewed.version}
              onShow={setShown}
              onEditFrom={mayEdit ? setEditing : null}
            />
          </Col>
        </Row>
      )}
    </div>
  );
}
