import { Alert, Button, Space, Table } from 'antd';
import {
  BOARDING,
  ETHNICITIES,
  HEALTH_STATUS,
  HUKOU_NATURE,
  ID_DOCUMENT_TYPES,
} from '../../../domain/codes.ts';
import type { ChildDetail } from '../../api/types.ts';
import { type MessageKey, useCodeLabel, useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { type ChildFormValues, changedFields, type ProfileField } from './childFormModel.ts';

const FIELD_LABEL: Record<ProfileField, MessageKey> = {
  idType: 'child.idType',
  studentNumber: 'child.studentNumber',
  name: 'child.name',
  sex: 'child.sex',
  birthDate: 'child.birthDate',
  ethnicity: 'child.ethnicity',
  boarding: 'child.boarding',
  healthStatus: 'child.healthStatus',
  hukouRegionCode: 'child.hukouRegion',
  hukouNature: 'child.hukouNature',
  hukouAddress: 'child.hukouAddress',
  residenceAddress: 'child.residenceAddress',
};

interface Row {
  key: string;
  field: string;
  before: string;
  now: string;
  mine: string;
}

/**
 * Someone saved the record after this form was opened. Shows what they changed next to what
 * this user typed, and lets them either start again from the new version or keep their values.
 */
export function ConflictNotice({
  message,
  base,
  current,
  mine,
  onReload,
  onKeepMine,
}: {
  message: string;
  base: ChildDetail;
  current: ChildDetail;
  mine: ChildFormValues;
  onReload: () => void;
  onKeepMine: () => void;
}) {
  const t = useT();
  const label = useCodeLabel();
  const show = (field: ProfileField | 'idNumber', value: unknown, record?: ChildDetail): string => {
    if (field === 'idNumber') return record?.idNumberMasked ?? String(value ?? '') ?? '';
    if (value === null || value === undefined || value === '') return '—';
    const text = String(value);
    switch (field) {
      case 'sex':
        return t(text === 'male' ? 'sex.male' : 'sex.female');
      case 'ethnicity':
        return label(ETHNICITIES, text);
      case 'boarding':
        return label(BOARDING, text);
      case 'healthStatus':
        return label(HEALTH_STATUS, text);
      case 'hukouNature':
        return label(HUKOU_NATURE, text);
      case 'idType':
        return label(ID_DOCUMENT_TYPES, text);
      case 'hukouRegionCode':
        return record?.hukouRegionName ? `${record.hukouRegionName}（${text}）` : text;
      default:
        return text;
    }
  };

  const rows: Row[] = changedFields(base, current).map((field) => ({
    key: field,
    field: t(FIELD_LABEL[field]),
    before: show(field, base[field], base),
    now: show(field, current[field], current),
    mine: show(field, mine[field]),
  }));
  if (base.idNumberMasked !== current.idNumberMasked) {
    rows.push({
      key: 'idNumber',
      field: t('child.idNumber'),
      before: base.idNumberMasked ?? '—',
      now: current.idNumberMasked ?? '—',
      mine: mine.idNumber?.trim() || '—',
    });
  }

  return (
    <Alert
      type="warning"
      showIcon
      className="nol-form-alert"
      data-testid="conflict"
      title={message || t('conflict.title')}
      description={
        <div>
          <p>{t('conflict.intro', { at: formatInstant(current.updatedAt) })}</p>
          {rows.length > 0 ? (
            <Table<Row>
              size="small"
              pagination={false}
              dataSource={rows}
              scroll={{ x: 480 }}
              columns={[
                { title: t('conflict.field'), dataIndex: 'field', width: 110 },
                { title: t('conflict.before'), dataIndex: 'before' },
                { title: t('conflict.now'), dataIndex: 'now', render: (v: string) => <strong>{v}</strong> },
                { title: t('conflict.mine'), dataIndex: 'mine' },
              ]}
            />
          ) : (
            <p>{t('conflict.otherParts')}</p>
          )}
          <Space wrap style={{ marginTop: 12 }}>
            <Button type="primary" onClick={onReload} data-testid="conflict-reload">
              {t('conflict.reload')}
            </Button>
            <Button onClick={onKeepMine} data-testid="conflict-keep">
              {t('conflict.keepMine')}
            </Button>
          </Space>
        </div>
      }
    />
  );
}
