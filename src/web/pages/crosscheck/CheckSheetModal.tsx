import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, keys } from '../../api/endpoints.ts';
import { useT } from '../../i18n/index.tsx';

/** The 核查表 of one township, or of one of its villages, to print and take door to door. */
export function CheckSheetModal({
  runId,
  township,
  onClose,
}: {
  runId: number;
  township: { code: string; name: string } | null;
  onClose: () => void;
}) {
  const t = useT();
  const [village, setVillage] = useState<string | undefined>();
  const villages = useQuery({
    queryKey: keys.regions(township?.code),
    queryFn: () => api.regions(township?.code),
    enabled: township !== null,
    staleTime: 60 * 60_000,
  });
  const close = () => {
    setVillage(undefined);
    onClose();
  };
  return (
    <Modal
      open={township !== null}
      onCancel={close}
      title={township ? t('findings.checkSheetFor', { name: township.name }) : ''}
      footer={
        township ? (
          <Button
            type="primary"
            icon={<DownloadOutlined />}
            href={api.checkSheetUrl(runId, township.code, village)}
            download
            data-testid="check-sheet-download"
          >
            {t('findings.download')}
          </Button>
        ) : null
      }
    >
      <Form layout="vertical">
        <Form.Item label={t('findings.village')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('findings.wholeTownship')}
            value={village}
            onChange={setVillage}
            loading={villages.isLoading}
            options={(villages.data?.items ?? []).map((r) => ({ value: r.code, label: r.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
