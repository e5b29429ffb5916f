import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Table, type TableColumnsType, Tag } from 'antd';
import type { FindingCode, FindingSummary } from '../../api/types.ts';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { FINDING_CODES } from './labels.ts';

type Row = FindingSummary['rows'][number];

interface TownshipRow {
  code: string | null;
  name: string | null;
  total: number;
  unverified: number;
  verified: Record<string, number>;
}

/** The summary rows of one finding code (or all) added up by township. */
function byTownship(rows: readonly Row[], code: FindingCode | undefined): TownshipRow[] {
  const towns = new Map<string, TownshipRow>();
  for (const row of rows) {
    if (code && row.code !== code) continue;
    const key = row.townshipCode ?? '';
    const town = towns.get(key) ?? {
      code: row.townshipCode,
      name: row.townshipName,
      total: 0,
      unverified: 0,
      verified: {},
    };
    town.total += row.total;
    // Only not_enrolled children are verified door to door; other codes have nothing to verify.
    if (row.code === 'not_enrolled') town.unverified += row.unverified;
    for (const [outcome, n] of Object.entries(row.verified))
      town.verified[outcome] = (town.verified[outcome] ?? 0) + n;
    towns.set(key, town);
  }
  return [...towns.values()].sort((a, b) => b.total - a.total);
}

/** One card per finding code: how many, how many still to verify; a click filters the list. */
export function CodeCards({
  rows,
  selected,
  onSelect,
}: {
  rows: readonly Row[];
  selected: FindingCode | undefined;
  onSelect: (code: FindingCode | undefined) => void;
}) {
  const t = useT();
  return (
    <div className="nol-cc-cards">
      {FINDING_CODES.map((code) => {
        const mine = rows.filter((r) => r.code === code);
        const total = mine.reduce((n, r) => n + r.total, 0);
        const unverified = mine.reduce((n, r) => n + r.unverified, 0);
        const active = selected === code;
        return (
          <button
            type="button"
            key={code}
            className={`nol-cc-code-card nol-cc-code-${code}${active ? ' nol-cc-code-active' : ''}`}
            onClick={() => onSelect(active ? undefined : code)}
            aria-pressed={active}
            data-testid={`finding-card-${code}`}
          >
            <span className="nol-cc-code-label">{t(`findings.code.${code}` as MessageKey)}</span>
            <span className="nol-cc-code-value">{total}</span>
            {code === 'not_enrolled' && total > 0 ? (
              <span className="nol-cc-code-sub">{t('findings.unverifiedN', { n: unverified })}</span>
            ) : null}
          </button>
        );
      })}
    </div>
  );
}

export function TownshipTable({
  rows,
  code,
  selected,
  onSelect,
  onSheet,
}: {
  rows: readonly Row[];
  code: FindingCode | undefined;
  selected: string | undefined;
  onSelect: (township: string | undefined) => void;
  /** Offered where the user may verify: the check sheet lists a township's not_enrolled children. */
  onSheet?: (township: { code: string; name: string }) => void;
}) {
  const t = useT();
  const data = byTownship(rows, code);
  const columns: TableColumnsType<TownshipRow> = [
    {
      title: t('findings.col.township'),
      key: 'name',
      render: (_, r) =>
        r.code ? (
          <Button
            type="link"
            size="small"
            className="nol-cc-town-link"
            onClick={() => onSelect(r.code === selected ? undefined : (r.code ?? undefined))}
          >
            {r.name ?? r.code}
          </Button>
        ) : (
          <span className="nol-muted">{t('findings.noTownship')}</span>
        ),
    },
    { title: t('findings.col.total'), dataIndex: 'total', width: 80, align: 'right' },
    {
      title: t('findings.col.unverified'),
      dataIndex: 'unverified',
      width: 90,
      align: 'right',
      render: (n: number) => (n > 0 ? <span className="nol-cc-unverified">{n}</span> : n),
    },
    {
      title: t('findings.col.verified'),
      key: 'verified',
      render: (_, r) =>
        Object.entries(r.verified).map(([outcome, n]) => (
          <Tag key={outcome} color={outcome === 'out_of_school' ? 'red' : 'default'}>
            {t(`findings.outcome.${outcome}` as MessageKey)} {n}
          </Tag>
        )),
    },
  ];
  if (onSheet) {
    columns.push({
      title: t('findings.col.sheet'),
      key: 'sheet',
      width: 110,
      render: (_, r) =>
        r.code && rows.some((x) => x.code === 'not_enrolled' && x.townshipCode === r.code) ? (
          <Button
            size="small"
            icon={<FileExcelOutlined />}
            onClick={() => onSheet({ code: r.code ?? '', name: r.name ?? '' })}
          >
            {t('findings.checkSheet')}
          </Button>
        ) : null,
    });
  }
  return (
    <Table<TownshipRow>
      size="small"
      rowKey={(r) => r.code ?? ''}
      columns={columns}
      dataSource={data}
      pagination={false}
      rowClassName={(r) => (r.code && r.code === selected ? 'nol-cc-town-selected' : '')}
      scroll={{ x: 560 }}
      data-testid="township-table"
    />
  );
}
