import { Alert, Button } from 'antd';
import { isApiError } from '../api/client.ts';
import { useT } from '../i18n/index.tsx';
import { Refusal } from './Refusal.tsx';

/** A failed load: a refusal page for 404, otherwise the server's message with a retry. */
export function QueryError({
  error,
  retry,
  backTo,
}: {
  error: unknown;
  retry?: () => void;
  backTo?: string;
}) {
  const t = useT();
  if (isApiError(error) && error.status === 404) return <Refusal backTo={backTo} />;
  return (
    <Alert
      type="error"
      showIcon
      title={t('error.loadFailed')}
      description={errorMessage(error, t('error.network'))}
      action={
        retry ? (
          <Button size="small" onClick={retry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

export function errorMessage(error: unknown, networkText: string): string {
  if (isApiError(error)) return error.code === 'network' ? networkText : error.message;
  return error instanceof Error ? error.message : String(error);
}
