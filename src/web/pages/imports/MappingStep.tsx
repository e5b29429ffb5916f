import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Select, Space, Table, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { api } from '../../api/endpoints.ts';
import type { ListPreview } from '../../api/types.ts';
import { errorMessage } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { IMPORT_FIELDS } from './fields.ts';
import type { ListMeta } from './UploadForm.tsx';

type Mapping = Record<string, string>;

const initialMapping = (preview: ListPreview): Mapping =>
  Object.fromEntries(preview.headers.map((h) => [h.header, h.field ?? '']));

/** The field chosen for more than one column, if any: the server refuses such a mapping. */
function duplicateField(mapping: Mapping): string | null {
  const seen = new Set<string>();
  for (const field of Object.values(mapping)) {
    if (field === '') continue;
    if (seen.has(field)) return field;
    seen.add(field);
  }
  return null;
}

/** The header row found, a field per column (a Select to fix it) over the first rows of data. */
export function MappingStep({
  preview,
  meta,
  countyCode,
  onStarted,
  onRestart,
}: {
  preview: ListPreview;
  meta: ListMeta;
  countyCode: string;
  onStarted: (jobId: string) => void;
  onRestart: () => void;
}) {
  const t = useT();
  const [mapping, setMapping] = useState<Mapping>(() => initialMapping(preview));
  const changed = useMemo(
    () => preview.headers.some((h) => (h.field ?? '') !== mapping[h.header]),
    [preview, mapping],
  );
  const duplicate = duplicateField(mapping);
  const start = useMutation({
    mutationFn: () => api.startImport({ uploadId: preview.uploadId, countyCode, ...meta, mapping }),
    onSuccess: ({ jobId }) => onStarted(jobId),
  });
  const fieldOptions = [
    { value: '', label: t('imports.unused') },
    ...IMPORT_FIELDS.map((f) => ({ value: f, label: t(`imports.field.${f}` as MessageKey) })),
  ];
  const unmatched = preview.headers.filter((h) => !mapping[h.header]).map((h) => h.header);

  const columns: TableColumnsType<{ key: number; cells: string[] }> = preview.headers.map((h) => ({
    key: h.index,
    width: 170,
    title: (
      <div className="nol-map-head">
        <div className="nol-map-header" title={h.header}>
          {h.header}
        </div>
        <Select
          size="small"
          showSearch={{ optionFilterProp: 'label' }}
          value={mapping[h.header] ?? ''}
          options={fieldOptions}
          status={mapping[h.header] ? undefined : 'warning'}
          onChange={(field: string) => setMapping((prev) => ({ ...prev, [h.header]: field }))}
          popupMatchSelectWidth={false}
          className="nol-map-select"
          aria-label={t('imports.mappedTo')}
          data-testid={`map-${h.index}`}
        />
      </div>
    ),
    render: (_, row) => <span className="nol-map-cell">{row.cells[h.index] ?? ''}</span>,
  }));

  return (
    <div data-testid="import-mapping">
      <div className="nol-muted nol-import-found">
        {t('imports.headerFound', {
          row: preview.headerRow,
          format: preview.format,
          encoding: preview.encoding ?? '—',
        })}
      </div>
      {preview.remembered ? (
        <Alert type="info" showIcon className="nol-import-alert" title={t('imports.remembered')} />
      ) : null}
      {unmatched.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          className="nol-import-alert"
          title={t('imports.unmatched', { n: unmatched.length, list: unmatched.join('、') })}
          data-testid="import-unmatched"
        />
      ) : null}
      {preview.refusal && !changed ? (
        <Alert
          type="error"
          showIcon
          className="nol-import-alert"
          title={t('imports.refusal', { reason: preview.refusal })}
        />
      ) : null}
      {duplicate ? (
        <Alert
          type="error"
          showIcon
          className="nol-import-alert"
          title={t('imports.duplicateField', { field: t(`imports.field.${duplicate}` as MessageKey) })}
        />
      ) : null}
      <div className="nol-muted nol-small nol-import-rows-title">
        {t('imports.previewRows', { n: preview.preview.length })}
      </div>
      <Table
        size="small"
        bordered
        columns={columns}
        dataSource={preview.preview.map((cells, i) => ({ key: i, cells }))}
        pagination={false}
        scroll={{ x: 'max-content' }}
        className="nol-map-table"
      />
      {start.isError ? (
        <Alert
          type="error"
          showIcon
          className="nol-import-alert"
          title={errorMessage(start.error, t('error.network'))}
        />
      ) : null}
      <Space wrap className="nol-import-actions">
        <Button
          type="primary"
          onClick={() => start.mutate()}
          loading={start.isPending}
          disabled={duplicate !== null}
          data-testid="import-start"
        >
          {t('imports.start')}
        </Button>
        <Button onClick={onRestart}>{t('imports.restart')}</Button>
      </Space>
    </div>
  );
}
