import { UploadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Col, Form, Input, Row, Segmented, Select, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import type { ListKind, ListPreview } from '../../api/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { errorMessage } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { todayIso } from '../../lib/dates.ts';
import { LIST_KINDS } from './fields.ts';

/** What the user said about the list; the import needs it again after the preview. */
export interface ListMeta {
  kind: ListKind;
  unit?: string;
  cutOffDate?: string;
  documentNumber?: string;
}

interface Values {
  kind: ListKind;
  unit?: string;
  cutOffDate?: string | null;
  documentNumber?: string;
  encoding: string;
}

const ENCODINGS = ['auto', 'UTF-8', 'GB18030'] as const;
const blank = (v: string | null | undefined) => v?.trim() || undefined;

export function UploadForm({
  countyCode,
  onPreview,
}: {
  countyCode: string;
  onPreview: (preview: ListPreview, meta: ListMeta) => void;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const kind = Form.useWatch('kind', form);
  const preview = useMutation({
    mutationFn: async (values: Values) => {
      const body = new FormData();
      body.set('file', file as File);
      body.set('kind', values.kind);
      if (blank(values.unit)) body.set('unit', blank(values.unit) as string);
      if (values.encoding !== 'auto') body.set('encoding', values.encoding);
      return api.previewList(countyCode, body);
    },
    onSuccess: (result, values) =>
      onPreview(result, {
        kind: values.kind,
        unit: blank(values.unit),
        cutOffDate: values.cutOffDate ?? undefined,
        documentNumber: blank(values.documentNumber),
      }),
  });

  const submit = (values: Values) => {
    if (!file) {
      setFileMissing(true);
      return;
    }
    preview.mutate(values);
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={{ kind: 'police', encoding: 'auto' }}
      onFinish={submit}
      requiredMark={false}
      data-testid="import-form"
    >
      <Row gutter={16}>
        <Col xs={24} md={12} xl={8}>
          <Form.Item name="kind" label={t('imports.kind')} rules={[{ required: true }]}>
            <Select
              options={LIST_KINDS.map((k) => ({ value: k, label: t(`imports.kind.${k}` as MessageKey) }))}
              data-testid="import-kind"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item
            name="unit"
            label={kind === 'police' ? t('imports.unit.police') : t('imports.unit')}
            rules={[
              { required: kind === 'police', whitespace: true, message: t('imports.unitPoliceRequired') },
            ]}
          >
            <Input maxLength={100} placeholder={t('imports.unitPlaceholder')} data-testid="import-unit" />
          </Form.Item>
        </Col>
        <Col xs={12} md={12} xl={8}>
          <Form.Item name="cutOffDate" label={t('imports.cutOff')}>
            <DateField max={todayIso()} data-testid="import-cutoff" />
          </Form.Item>
        </Col>
        <Col xs={12} md={12} xl={8}>
          <Form.Item name="documentNumber" label={t('imports.documentNumber')}>
            <Input maxLength={100} placeholder={t('imports.documentPlaceholder')} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item name="encoding" label={t('imports.encoding')}>
            <Segmented
              options={ENCODINGS.map((e) => ({
                value: e,
                label: e === 'auto' ? t('imports.encoding.auto') : e,
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item
            label={t('imports.file')}
            extra={t('imports.fileHint')}
            validateStatus={fileMissing ? 'error' : undefined}
            help={fileMissing ? t('imports.fileRequired') : undefined}
          >
            <Upload
              accept=".xlsx,.csv,.xls,.et"
              maxCount={1}
              // Keep the file in the form: it is sent with the preview request, not on pick.
              beforeUpload={(picked) => {
                setFile(picked);
                setFileMissing(false);
                preview.reset();
                return false;
              }}
              onRemove={() => setFile(null)}
              fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
            >
              <Button icon={<UploadOutlined />} data-testid="import-file">
                {t('imports.pickFile')}
              </Button>
            </Upload>
          </Form.Item>
        </Col>
      </Row>
      {preview.isError ? (
        <Alert
          type="error"
          showIcon
          className="nol-import-alert"
          title={errorMessage(preview.error, t('error.network'))}
          data-testid="import-refused"
        />
      ) : null}
      <Button type="primary" htmlType="submit" loading={preview.isPending} data-testid="import-upload">
        {t('imports.upload')}
      </Button>
    </Form>
  );
}
