import { EditOutlined, EyeOutlined, PlusOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Descriptions, type DescriptionsProps, Row, Skeleton, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  BOARDING,
  ETHNICITIES,
  HEALTH_STATUS,
  HUKOU_NATURE,
  ID_DOCUMENT_TYPES,
} from '../../../domain/codes.ts';
import { api, keys } from '../../api/endpoints.ts';
import type { ChildDetail, GroupMembership, Guardian } from '../../api/types.ts';
import { GroupTags } from '../../components/GroupTags.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { Refusal } from '../../components/Refusal.tsx';
import { useCodeLabel, useT } from '../../i18n/index.tsx';
import { ageOn, formatInstant } from '../../lib/dates.ts';
import { useIsMobile } from '../../lib/hooks.ts';
import { ChildAttendanceSection } from '../attendance/ChildAttendanceSection.tsx';
import { HouseholdSection } from '../crosscheck/HouseholdSection.tsx';
import { gradeLabel } from './ChildListPage.tsx';
import { EndRecordModal, MoveClassModal, RevealIdModal } from './ChildModals.tsx';
import { EnrollmentTimeline, GroupList, GuardianList } from './ChildSections.tsx';
import { GroupModal } from './GroupModal.tsx';
import { GuardianModal } from './GuardianModal.tsx';

type Dialog =
  | { kind: 'reveal' }
  | { kind: 'move' }
  | { kind: 'guardian'; guardian: Guardian | null }
  | { kind: 'endGuardian'; guardian: Guardian }
  | { kind: 'group' }
  | { kind: 'endGroup'; membership: GroupMembership }
  | null;

const dash = (v: string | null | undefined) => (v ? v : '—');

function Profile({
  child,
  revealed,
  onReveal,
}: {
  child: ChildDetail;
  revealed: string | null;
  onReveal: () => void;
}) {
  const t = useT();
  const label = useCodeLabel();
  const idText = revealed ?? child.idNumberMasked;
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('child.name'), children: child.name },
    { key: 'sex', label: t('child.sex'), children: t(`sex.${child.sex}`) },
    {
      key: 'birthDate',
      label: t('child.birthDate'),
      children: `${child.birthDate}（${t('children.age', { age: ageOn(child.birthDate) ?? '?' })}）`,
    },
    { key: 'ethnicity', label: t('child.ethnicity'), children: dash(label(ETHNICITIES, child.ethnicity)) },
    { key: 'idType', label: t('child.idType'), children: dash(label(ID_DOCUMENT_TYPES, child.idType)) },
    {
      key: 'idNumber',
      label: t('child.idNumber'),
      children: (
        <Space size={8} wrap>
          <span className="nol-mono" data-testid="child-id-number">
            {dash(idText)}
          </span>
          {child.mayRevealId && !revealed && child.idNumberMasked ? (
            <Button size="small" icon={<EyeOutlined />} onClick={onReveal} data-testid="reveal-id">
              {t('reveal.button')}
            </Button>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'studentNumber',
      label: t('child.studentNumber'),
      children: <span className="nol-mono">{dash(child.studentNumber)}</span>,
    },
    { key: 'boarding', label: t('child.boarding'), children: dash(label(BOARDING, child.boarding)) },
    {
      key: 'healthStatus',
      label: t('child.healthStatus'),
      children: dash(label(HEALTH_STATUS, child.healthStatus)),
    },
    {
      key: 'hukouNature',
      label: t('child.hukouNature'),
      children: dash(label(HUKOU_NATURE, child.hukouNature)),
    },
    {
      key: 'hukouRegion',
      label: t('child.hukouRegion'),
      span: 'filled',
      children: child.hukouRegionCode ? (
        <span>
          {child.hukouRegionName ?? ''} <span className="nol-muted nol-mono">{child.hukouRegionCode}</span>
        </span>
      ) : (
        '—'
      ),
    },
    {
      key: 'hukouAddress',
      label: t('child.hukouAddress'),
      span: 'filled',
      children: dash(child.hukouAddress),
    },
    {
      key: 'residenceAddress',
      label: t('child.residenceAddress'),
      span: 'filled',
      children: dash(child.residenceAddress),
    },
  ];
  return (
    <Descriptions
      items={items}
      column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
      size="small"
      bordered
      className="nol-descriptions"
    />
  );
}

export function ChildPage() {
  const t = useT();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { id } = useParams();
  const childId = Number(id);
  const valid = Number.isInteger(childId) && childId > 0;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [revealed, setRevealed] = useState<{ id: number; value: string | null } | null>(null);
  const child = useQuery({
    queryKey: keys.child(childId),
    queryFn: () => api.child(childId),
    enabled: valid,
  });

  if (!valid) return <Refusal />;
  if (child.isError) return <QueryError error={child.error} retry={() => child.refetch()} />;
  if (!child.data) return <Skeleton active paragraph={{ rows: 10 }} />;

  const c = child.data;
  const close = () => setDialog(null);
  const activeGroups = c.groupMemberships.filter((m) => !m.endedAt).map((m) => m.group);
  const where = [c.className, c.schoolName].filter(Boolean).join(' · ');
  const revealedValue = revealed?.id === c.id ? (revealed.value ?? t('reveal.none')) : null;

  return (
    <div className="nol-child-page">
      <PageHeader
        backTo="/children"
        title={c.name}
        titleTestId="child-name"
        subtitle={
          <Space size={[8, 4]} wrap>
            <span>
              {t(`sex.${c.sex}`)} · {t('children.age', { age: ageOn(c.birthDate) ?? '?' })}
              {c.grade ? ` · ${gradeLabel(t, c.grade)}` : ''}
            </span>
            {where ? <span>{where}</span> : null}
            {c.groups.length > 0 ? <GroupTags groups={c.groups} /> : null}
          </Space>
        }
        extra={
          c.mayEdit ? (
            <Space wrap>
              <Button
                icon={<SwapOutlined />}
                onClick={() => setDialog({ kind: 'move' })}
                data-testid="child-move"
              >
                {t('move.button')}
              </Button>
              <Button
                type="primary"
                icon={<EditOutlined />}
                onClick={() => navigate(`/children/${c.id}/edit`)}
                data-testid="child-edit"
              >
                {t('common.edit')}
              </Button>
            </Space>
          ) : null
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card
              title={t('child.profile')}
              className="nol-card"
              extra={
                <Tooltip title={t('child.updatedAtHint')}>
                  <span className="nol-muted nol-small">
                    {t('child.updatedAt', { at: formatInstant(c.updatedAt) })}
                  </span>
                </Tooltip>
              }
            >
              <Profile child={c} revealed={revealedValue} onReveal={() => setDialog({ kind: 'reveal' })} />
            </Card>
            <Card
              title={t('guardian.title')}
              className="nol-card"
              extra={
                c.mayEdit ? (
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => setDialog({ kind: 'guardian', guardian: null })}
                    data-testid="guardian-add"
                  >
                    {isMobile ? t('common.add') : t('guardian.add')}
                  </Button>
                ) : null
              }
            >
              <GuardianList
                guardians={c.guardians}
                mayEdit={c.mayEdit}
                onEdit={(g) => setDialog({ kind: 'guardian', guardian: g })}
                onEnd={(g) => setDialog({ kind: 'endGuardian', guardian: g })}
              />
            </Card>
            <ChildAttendanceSection childId={c.id} mayEdit={c.mayEdit} />
            <HouseholdSection childId={c.id} />
          </Space>
        </Col>
        <Col xs={24} xl={9}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card
              title={t('group.title')}
              className="nol-card"
              extra={
                c.mayEdit ? (
                  <Button
                    size="small"
                    icon={<PlusOutlined />}
                    onClick={() => setDialog({ kind: 'group' })}
                    data-testid="group-add"
                  >
                    {isMobile ? t('common.add') : t('group.add')}
                  </Button>
                ) : null
              }
            >
              <GroupList
                memberships={c.groupMemberships}
                mayEdit={c.mayEdit}
                onEnd={(m) => setDialog({ kind: 'endGroup', membership: m })}
              />
            </Card>
            <Card title={t('enrollment.title')} className="nol-card">
              <EnrollmentTimeline enrollments={c.enrollments} />
            </Card>
          </Space>
        </Col>
      </Row>

      {c.mayRevealId ? (
        <RevealIdModal
          child={c}
          open={dialog?.kind === 'reveal'}
          onClose={close}
          onRevealed={(value) => setRevealed({ id: c.id, value })}
        />
      ) : null}
      {c.mayEdit ? (
        <>
          <MoveClassModal
            key={`move-${c.version}`}
            child={c}
            open={dialog?.kind === 'move'}
            onClose={close}
          />
          <GuardianModal
            childId={c.id}
            guardian={dialog?.kind === 'guardian' ? dialog.guardian : null}
            open={dialog?.kind === 'guardian'}
            onClose={close}
          />
          <GroupModal
            childId={c.id}
            open={dialog?.kind === 'group'}
            onClose={close}
            existing={activeGroups}
          />
          <EndRecordModal
            childId={c.id}
            open={dialog?.kind === 'endGuardian' || dialog?.kind === 'endGroup'}
            onClose={close}
            title={dialog?.kind === 'endGroup' ? t('group.endTitle') : t('guardian.endTitle')}
            description={
              dialog?.kind === 'endGroup'
                ? t('group.endIntro')
                : t('guardian.endIntro', { name: dialog?.kind === 'endGuardian' ? dialog.guardian.name : '' })
            }
            end={(reason) => {
              if (dialog?.kind === 'endGuardian') return api.endGuardian(c.id, dialog.guardian.id, reason);
              if (dialog?.kind === 'endGroup') return api.endGroup(c.id, dialog.membership.id, reason);
              return Promise.resolve();
            }}
          />
        </>
      ) : null}
    </div>
  );
}
