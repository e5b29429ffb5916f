import { CheckCircleFilled } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Progress, Statistic } from 'antd';
import { useEffect } from 'react';
import { api, keys } from '../../api/endpoints.ts';
import { QueryError } from '../../components/QueryError.tsx';
import { useT } from '../../i18n/index.tsx';
import { RejectedTable } from './RejectedTable.tsx';

/** Polls the background import until it ends, then shows its counts and rejected rows. */
export function ImportProgress({ jobId, onAnother }: { jobId: string; onAnother: () => void }) {
  const t = useT();
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: keys.importJob(jobId),
    queryFn: () => api.importJob(jobId),
    refetchInterval: (query) => (query.state.data?.state === 'running' || !query.state.data ? 500 : false),
  });
  const state = job.data?.state;
  useEffect(() => {
    if (state === 'done' || state === 'failed') void queryClient.invalidateQueries({ queryKey: ['imports'] });
  }, [state, queryClient]);

  if (job.isError) return <QueryError error={job.error} retry={() => job.refetch()} />;
  const data = job.data;
  const another = (
    <div className="nol-import-result-actions">
      <Button type="primary" onClick={onAnother} data-testid="import-another">
        {t('imports.another')}
      </Button>
    </div>
  );
  if (!data || data.state === 'running') {
    // The server counts rows read, not the file's total: the bar moves while the count climbs.
    return (
      <div data-testid="import-running">
        <Progress percent={100} status="active" showInfo={false} />
        <div className="nol-muted">{t('imports.running', { n: data?.rowsRead ?? 0 })}</div>
      </div>
    );
  }
  if (data.state === 'failed' || !data.result) {
    return (
      <div>
        <Alert
          type="error"
          showIcon
          title={t('imports.failed')}
          description={data.error?.message}
          className="nol-import-alert"
          data-testid="import-failed"
        />
        {another}
      </div>
    );
  }
  const r = data.result;
  return (
    <div data-testid="import-result">
      <div className="nol-import-done">
        <CheckCircleFilled className="nol-import-done-icon" />
        {t('imports.done')}
      </div>
      <div className="nol-import-stats">
        <Statistic title={t('imports.read')} value={r.read} data-testid="import-read" />
        <Statistic title={t('imports.accepted')} value={r.accepted} data-testid="import-accepted" />
        <Statistic
          title={t('imports.rejected')}
          value={r.rejected}
          className={r.rejected > 0 ? 'nol-import-stat-bad' : undefined}
          data-testid="import-rejected"
        />
      </div>
      {r.rejected > 0 ? (
        <>
          <div className="nol-strong">{t('imports.rejectedTitle', { n: r.rejected })}</div>
          <RejectedTable importId={r.importId} />
        </>
      ) : (
        <Alert type="success" showIcon title={t('imports.noRejected')} className="nol-import-alert" />
      )}
      {another}
    </div>
  );
}
