import { CloudUploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Select, Skeleton } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, keys } from '../../api/endpoints.ts';
import { hasAnyRole, useMe } from '../../api/session.ts';
import type { Finding, FindingCode } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { QueryError } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { useIsMobile } from '../../lib/hooks.ts';
import { CountyPicker } from '../policy/CountyPicker.tsx';
import { BulkVerifyModal } from './BulkVerifyModal.tsx';
import { CheckSheetModal } from './CheckSheetModal.tsx';
import { FindingsList } from './FindingsList.tsx';
import { CodeCards, TownshipTable } from './FindingsSummary.tsx';
import { FINDING_CODES, useFindingsCounty, VERIFY_ROLES } from './labels.ts';
import { RunPanel } from './RunPanel.tsx';
import { VerifyDrawer } from './VerifyDrawer.tsx';
import './crosscheck.css';

const PAGE_SIZE = 20;

/** Code, township and page live in the URL, so "back" from a child's page keeps the list. */
function useFindingFilters() {
  const [search, setSearch] = useSearchParams();
  const filters = useMemo(() => {
    const page = Number(search.get('page'));
    return {
      code: FINDING_CODES.find((c) => c === search.get('code')),
      township: search.get('township') ?? undefined,
      page: Number.isInteger(page) && page > 0 ? page : 1,
    };
  }, [search]);
  const update = useCallback(
    (change: { code?: FindingCode; township?: string; page?: number }) =>
      setSearch(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(change)) {
            if (value === undefined || value === 1) next.delete(key);
            else next.set(key, String(value));
          }
          if (!('page' in change)) next.delete('page');
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );
  return { filters, update };
}

/** 比对结果: counts by finding and township, the list, and the township's verification work. */
export function FindingsPage() {
  const t = useT();
  const me = useMe();
  const isMobile = useIsMobile();
  const county = useFindingsCounty();
  const code = county.countyCode;
  const mayVerify = hasAnyRole(me.data, VERIFY_ROLES);
  const mayRun = hasAnyRole(me.data, ['bureau_admin']);
  const { filters, update } = useFindingFilters();
  const [verifying, setVerifying] = useState<Finding | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [sheetFor, setSheetFor] = useState<{ code: string; name: string } | null>(null);
  const summary = useQuery({
    queryKey: keys.findingSummary(code ?? ''),
    queryFn: () => api.findingSummary(code ?? ''),
    enabled: code !== null,
  });
  const params = { countyCode: code ?? '', ...filters, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: keys.findings(params),
    queryFn: () => api.findings(params),
    enabled: code !== null,
    placeholderData: keepPreviousData,
  });
  const rows = summary.data?.rows ?? [];
  const townships = [
    ...new Map(rows.filter((r) => r.townshipCode).map((r) => [r.townshipCode, r.townshipName])),
  ];

  const header = (
    <PageHeader
      title={t('findings.title')}
      titleTestId="findings-title"
      subtitle={summary.data?.asOf ? t('findings.asOf', { asOf: summary.data.asOf }) : t('findings.subtitle')}
      extra={
        <>
          {county.needsPicker ? <CountyPicker {...county.picker} /> : null}
          {mayVerify && summary.data?.runId ? (
            <Button
              icon={<CloudUploadOutlined />}
              onClick={() => setBulkOpen(true)}
              data-testid="bulk-verify"
            >
              {t('findings.bulk')}
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
          {county.loading ? <Skeleton active /> : <Empty description={t('policy.county.choose')} />}
        </Card>
      </div>
    );
  }
  return (
    <div>
      {header}
      {mayRun ? (
        <Card className="nol-card nol-cc-card">
          <RunPanel countyCode={code} />
        </Card>
      ) : null}
      {summary.isError ? (
        <QueryError error={summary.error} retry={() => summary.refetch()} />
      ) : !summary.data ? (
        <Skeleton active paragraph={{ rows: 6 }} />
      ) : summary.data.runId === null ? (
        <Card className="nol-card">
          <Empty description={t('findings.noRun')} data-testid="findings-no-run" />
        </Card>
      ) : (
        <>
          <CodeCards rows={rows} selected={filters.code} onSelect={(c) => update({ code: c })} />
          <Card className="nol-card nol-cc-card" title={t('findings.byTownship')}>
            <TownshipTable
              rows={rows}
              code={filters.code}
              selected={filters.township}
              onSelect={(township) => update({ township })}
              onSheet={mayVerify ? setSheetFor : undefined}
            />
          </Card>
          <Card className={isMobile ? 'nol-card nol-card-plain' : 'nol-card'} title={t('findings.list')}>
            <div className="nol-filters nol-filters-top">
              <Select
                allowClear
                placeholder={t('findings.allCodes')}
                value={filters.code}
                onChange={(c?: FindingCode) => update({ code: c })}
                options={FINDING_CODES.map((c) => ({
                  value: c,
                  label: t(`findings.code.${c}` as MessageKey),
                }))}
                className="nol-filter"
                data-testid="findings-code"
              />
              <Select
                allowClear
                placeholder={t('findings.allTownships')}
                value={filters.township}
                onChange={(township?: string) => update({ township })}
                options={townships.map(([value, label]) => ({
                  value: value ?? '',
                  label: label ?? value ?? '',
                }))}
                className="nol-filter"
              />
            </div>
            {list.isError ? (
              <QueryError error={list.error} retry={() => list.refetch()} />
            ) : (
              <FindingsList
                loading={list.isFetching && !list.data}
                items={list.data?.items}
                total={list.data?.total ?? 0}
                page={filters.page}
                pageSize={PAGE_SIZE}
                onPage={(page) => update({ page })}
                onVerify={mayVerify ? setVerifying : undefined}
              />
            )}
          </Card>
          <CheckSheetModal runId={summary.data.runId} township={sheetFor} onClose={() => setSheetFor(null)} />
        </>
      )}
      <VerifyDrawer finding={verifying} countyCode={code} onClose={() => setVerifying(null)} />
      <BulkVerifyModal countyCode={code} open={bulkOpen} onClose={() => setBulkOpen(false)} />
    </div>
  );
}
