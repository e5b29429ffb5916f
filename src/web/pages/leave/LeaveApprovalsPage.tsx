import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Pagination,
  Segmented,
  Skeleton,
  Space,
} from 'antd';
import { useState } from 'react';
import type { Role } from '../../../domain/roles.ts';
import { api, keys } from '../../api/endpoints.ts';
import { roles, useMe } from '../../api/session.ts';
import type { LeaveRequest, LeaveStatus } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage, QueryError } from '../../components/QueryError.tsx';
import { useT } from '../../i18n/index.tsx';
import { leaveStatusLabel } from '../attendance/labels.ts';
import { LeaveItem } from './LeaveItem.tsx';

const PAGE_SIZE = 20;
const STATUSES: readonly LeaveStatus[] = ['pending', 'approved', 'rejected'];

/**
 * Whether to offer the buttons: the policy names the approving role per request; a principal
 * answers for the whole school. The server has the last word and says why if it refuses.
 */
function mayDecide(userRoles: readonly Role[], leave: LeaveRequest): boolean {
  return (
    leave.status === 'pending' && (userRoles.includes(leave.approverRole) || userRoles.includes('principal'))
  );
}

function DecisionModal({
  target,
  onClose,
}: {
  target: { leave: LeaveRequest; decision: 'approve' | 'reject' } | null;
  onClose: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note?: string }>();
  const reject = target?.decision === 'reject';
  const decide = useMutation({
    mutationFn: (note: string | null) =>
      api.decideLeave(target?.leave.id ?? 0, { decision: target?.decision ?? 'approve', note }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['leaveRequests'] });
      void queryClient.invalidateQueries({ queryKey: ['childAttendance'] });
      void queryClient.invalidateQueries({ queryKey: ['rollCall'] });
      void queryClient.invalidateQueries({ queryKey: ['classAttendance'] });
      message.success(reject ? t('leave.rejectedDone') : t('leave.approvedDone'));
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={target !== null}
      title={
        target ? t(reject ? 'leave.rejectTitle' : 'leave.approveTitle', { name: target.leave.childName }) : ''
      }
      okText={reject ? t('leave.reject') : t('leave.approve')}
      okButtonProps={{ danger: reject }}
      onOk={() => form.submit()}
      onCancel={() => {
        decide.reset();
        onClose();
      }}
      confirmLoading={decide.isPending}
      destroyOnHidden
      forceRender
    >
      {target ? <LeaveItem leave={target.leave} /> : null}
      {decide.error ? (
        <Alert
          type="error"
          showIcon
          title={errorMessage(decide.error, t('error.network'))}
          style={{ margin: '12px 0' }}
        />
      ) : null}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => decide.mutate(v.note?.trim() || null)}
        style={{ marginTop: 12 }}
      >
        <Form.Item
          name="note"
          label={t('leave.decisionNote')}
          // A refusal is explained to the family, so it needs a reason; an approval may go without.
          rules={reject ? [{ required: true, whitespace: true, message: t('leave.rejectNoteRequired') }] : []}
        >
          <Input.TextArea rows={2} maxLength={200} showCount data-testid="leave-decision-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function LeaveApprovalsPage() {
  const t = useT();
  const me = useMe();
  const userRoles = roles(me.data);
  const [status, setStatus] = useState<LeaveStatus>('pending');
  const [page, setPage] = useState(1);
  const [target, setTarget] = useState<{ leave: LeaveRequest; decision: 'approve' | 'reject' } | null>(null);
  const params = { status, page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: keys.leaveRequests(params),
    queryFn: () => api.leaveRequests(params),
    placeholderData: keepPreviousData,
  });

  return (
    <div>
      <PageHeader
        title={t('leave.title')}
        subtitle={list.data ? t('leave.total', { total: list.data.total }) : t('leave.subtitle')}
      />
      <Segmented<LeaveStatus>
        value={status}
        onChange={(next) => {
          setStatus(next);
          setPage(1);
        }}
        options={STATUSES.map((s) => ({ value: s, label: leaveStatusLabel(t, s) }))}
        className="nol-leave-tabs"
      />
      <Card className="nol-card" style={{ marginTop: 12 }}>
        {list.isError ? (
          <QueryError error={list.error} retry={() => list.refetch()} />
        ) : !list.data ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : list.data.items.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={status === 'pending' ? t('leave.nonePending') : t('leave.none')}
          />
        ) : (
          <div className="nol-items">
            {list.data.items.map((leave) => (
              <LeaveItem
                key={leave.id}
                leave={leave}
                showChild
                actions={
                  mayDecide(userRoles, leave) ? (
                    <Space wrap>
                      <Button
                        type="primary"
                        icon={<CheckOutlined />}
                        onClick={() => setTarget({ leave, decision: 'approve' })}
                        data-testid="leave-approve"
                      >
                        {t('leave.approve')}
                      </Button>
                      <Button
                        danger
                        icon={<CloseOutlined />}
                        onClick={() => setTarget({ leave, decision: 'reject' })}
                        data-testid="leave-reject"
                      >
                        {t('leave.reject')}
                      </Button>
                    </Space>
                  ) : null
                }
              />
            ))}
          </div>
        )}
        {list.data && list.data.total > PAGE_SIZE ? (
          <Pagination
            className="nol-mobile-pagination"
            simple
            current={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            onChange={setPage}
          />
        ) : null}
      </Card>
      <DecisionModal target={target} onClose={() => setTarget(null)} />
    </div>
  );
}
