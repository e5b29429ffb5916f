import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Table, Upload } from 'antd';
import { useState } from 'react';
import { api, keys } from '../../api/endpoints.ts';
import { errorMessage } from '../../components/QueryError.tsx';
import { useT } from '../../i18n/index.tsx';

/** A township's sheet of outcomes, filled in after the door-to-door check, uploaded at once. */
export function BulkVerifyModal({
  countyCode,
  open,
  onClose,
}: {
  countyCode: string;
  open: boolean;
  onClose: () => void;
}) {
  const t = useT();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const send = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.set('file', file as File);
      form.set('countyCode', countyCode);
      return api.importVerifications(form);
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.crosscheck }),
  });
  const close = () => {
    setFile(null);
    send.reset();
    onClose();
  };
  const result = send.data;
  return (
    <Modal open={open} onCancel={close} footer={null} title={t('findings.bulk')} width={640} destroyOnHidden>
      <p className="nol-muted">{t('findings.bulkHint')}</p>
      <div className="nol-cc-bulk-pick">
        <Upload
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(picked) => {
            setFile(picked);
            send.reset();
            return false;
          }}
          onRemove={() => setFile(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <Button icon={<UploadOutlined />}>{t('imports.pickFile')}</Button>
        </Upload>
        <Button type="primary" disabled={!file} loading={send.isPending} onClick={() => send.mutate()}>
          {t('findings.bulkUpload')}
        </Button>
      </div>
      {send.isError ? (
        <Alert type="error" showIcon title={errorMessage(send.error, t('error.network'))} />
      ) : null}
      {result ? (
        <>
          <Alert
            type={result.rejected > 0 ? 'warning' : 'success'}
            showIcon
            className="nol-cc-alert"
            title={t('findings.bulkDone', {
              read: result.read,
              accepted: result.accepted,
              rejected: result.rejected,
            })}
          />
          {result.rejectedRows.length > 0 ? (
            <Table
              size="small"
              rowKey="rowNumber"
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={result.rejectedRows}
              columns={[
                { title: t('imports.rowNumber'), dataIndex: 'rowNumber', width: 72 },
                { title: t('imports.reason'), dataIndex: 'reason' },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </Modal>
  );
}
