import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Space } from 'antd';
import { useState } from 'react';
import { api, keys } from '../../api/endpoints.ts';
import type { CrosscheckRun } from '../../api/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { errorMessage } from '../../components/QueryError.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { formatInstant, todayIso } from '../../lib/dates.ts';
import { FINDING_CODES } from './labels.ts';

function RunCounts({ run }: { run: CrosscheckRun }) {
  const t = useT();
  const found = FINDING_CODES.filter((code) => (run.counts[code] ?? 0) > 0)
    .map((code) => `${t(`findings.code.${code}` as MessageKey)} ${run.counts[code]}`)
    .join('，');
  return (
    <Alert
      type="success"
      showIcon
      className="nol-cc-alert"
      data-testid="run-result"
      title={t('review.ran', {
        links: run.counts.links ?? 0,
        review: run.counts.review ?? 0,
        seconds: (run.elapsedMs / 1000).toFixed(1),
      })}
      description={found || undefined}
    />
  );
}

/** Runs the cross-check of the county's current lists against the registry (the bureau's admin). */
export function RunPanel({ countyCode }: { countyCode: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [asOf, setAsOf] = useState<string | null>(todayIso());
  const runs = useQuery({
    queryKey: keys.crosscheckRuns(countyCode),
    queryFn: () => api.crosscheckRuns(countyCode),
  });
  const run = useMutation({
    mutationFn: () => api.runCrosscheck(countyCode, asOf ?? undefined),
    // A run replaces the queue and the findings every page shows.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: keys.crosscheck }),
  });
  const last = runs.data?.items[0];
  return (
    <div className="nol-cc-run">
      <Space wrap align="center">
        <span className="nol-muted">{t('review.runAsOf')}</span>
        <div className="nol-cc-run-date">
          <DateField value={asOf} onChange={setAsOf} data-testid="run-asof" />
        </div>
        <Button
          type="primary"
          icon={<PlayCircleOutlined />}
          loading={run.isPending}
          onClick={() => run.mutate()}
          data-testid="run-crosscheck"
        >
          {run.isPending ? t('review.running') : t('review.run')}
        </Button>
        <span className="nol-muted nol-small">
          {last
            ? t('review.lastRun', { asOf: last.asOf, at: formatInstant(last.createdAt) })
            : t('review.neverRun')}
        </span>
      </Space>
      {run.data ? <RunCounts run={run.data} /> : null}
      {run.isError ? (
        <Alert
          type="error"
          showIcon
          className="nol-cc-alert"
          title={errorMessage(run.error, t('error.network'))}
        />
      ) : null}
    </div>
  );
}
