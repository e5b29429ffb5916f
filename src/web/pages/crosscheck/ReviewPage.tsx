import { CheckOutlined, CloseOutlined, RightOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Result, Skeleton } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, keys } from '../../api/endpoints.ts';
import type { ReviewDecision, ReviewItem } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage, QueryError } from '../../components/QueryError.tsx';
import { useT } from '../../i18n/index.tsx';
import { CountyPicker, useCountyChoice } from '../policy/CountyPicker.tsx';
import { ReviewPair } from './ReviewPair.tsx';
import { RunPanel } from './RunPanel.tsx';
import './crosscheck.css';

const itemKey = (item: ReviewItem) => `${item.runId}:${item.importId}:${item.listRow}:${item.child.childId}`;

/** Keys a reviewer works the queue with, unless typing in a field. */
const KEY_DECISIONS: Record<string, ReviewDecision> = {
  y: 'confirm',
  Enter: 'confirm',
  n: 'reject',
  s: 'skip',
  ArrowRight: 'skip',
};

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

function useReviewKeys(onDecide: (decision: ReviewDecision) => void) {
  // A ref, so the listener is added once and always calls the latest handler.
  const handler = useRef(onDecide);
  handler.current = onDecide;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      const decision = KEY_DECISIONS[event.key.length === 1 ? event.key.toLowerCase() : event.key];
      if (!decision) return;
      event.preventDefault();
      handler.current(decision);
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}

function Queue({ countyCode }: { countyCode: string }) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const queue = useQuery({
    queryKey: keys.reviewQueue(countyCode),
    queryFn: () => api.reviewQueue(countyCode),
  });
  // Items decided or skipped in this visit: hidden at once, before the queue is refetched.
  const [handled, setHandled] = useState<{ runId: number | null; done: Set<string>; skipped: Set<string> }>({
    runId: null,
    done: new Set(),
    skipped: new Set(),
  });
  const runId = queue.data?.runId ?? null;
  const session =
    handled.runId === runId ? handled : { runId, done: new Set<string>(), skipped: new Set<string>() };
  const items = (queue.data?.items ?? []).filter(
    (i) => !session.done.has(itemKey(i)) && !session.skipped.has(itemKey(i)),
  );
  const current = items[0];
  const decide = useMutation({
    mutationFn: ({ item, decision }: { item: ReviewItem; decision: ReviewDecision }) =>
      api.decideReview(item, countyCode, decision),
    onMutate: ({ item, decision }) => {
      const key = itemKey(item);
      setHandled({
        runId,
        done: decision === 'skip' ? session.done : new Set(session.done).add(key),
        skipped: decision === 'skip' ? new Set(session.skipped).add(key) : session.skipped,
      });
    },
    onSuccess: (_, { decision }) => {
      message.success({ content: t(`review.saved.${decision}`), duration: 1 });
      if (decision !== 'skip') void queryClient.invalidateQueries({ queryKey: keys.reviewQueue(countyCode) });
    },
    onError: (error, { item }) => {
      const key = itemKey(item);
      const done = new Set(session.done);
      const skipped = new Set(session.skipped);
      done.delete(key);
      skipped.delete(key);
      setHandled({ runId, done, skipped });
      message.error(errorMessage(error, t('error.network')));
    },
  });
  // The decided item is hidden at once, so the next one can be decided while the last is still
  // saving; a key pressed twice before the screen changes must not decide the same item twice.
  const inFlight = useRef(new Set<string>());
  const onDecide = (decision: ReviewDecision) => {
    if (!current || inFlight.current.has(itemKey(current))) return;
    const key = itemKey(current);
    inFlight.current.add(key);
    decide.mutate({ item: current, decision }, { onSettled: () => inFlight.current.delete(key) });
  };
  useReviewKeys(onDecide);

  if (queue.isError) return <QueryError error={queue.error} retry={() => queue.refetch()} />;
  if (!queue.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (queue.data.runId === null) return <Empty description={t('review.noRun')} />;
  const remaining = queue.data.total - session.done.size;
  if (!current) {
    const skippedLeft = Math.max(remaining, 0);
    return skippedLeft > 0 && session.skipped.size > 0 ? (
      <Result
        status="info"
        title={t('review.skippedAll', { n: skippedLeft })}
        extra={
          <Button onClick={() => setHandled({ runId, done: new Set(), skipped: new Set() })}>
            {t('review.again')}
          </Button>
        }
      />
    ) : (
      <Result
        status="success"
        title={t('review.done')}
        subTitle={t('review.doneHint')}
        extra={<Link to="/crosscheck/findings">{t('review.toFindings')}</Link>}
        data-testid="review-done"
      />
    );
  }
  const position = session.done.size + session.skipped.size + 1;
  return (
    <div>
      <div className="nol-cc-progress" data-testid="review-progress">
        {t('review.progress', { n: position, total: queue.data.total + session.done.size })}
      </div>
      <ReviewPair key={itemKey(current)} item={current} />
      <div className="nol-cc-actions">
        <Button
          type="primary"
          size="large"
          icon={<CheckOutlined />}
          onClick={() => onDecide('confirm')}
          data-testid="review-confirm"
        >
          {t('review.confirm')} <kbd className="nol-kbd">Y</kbd>
        </Button>
        <Button
          danger
          size="large"
          icon={<CloseOutlined />}
          onClick={() => onDecide('reject')}
          data-testid="review-reject"
        >
          {t('review.reject')} <kbd className="nol-kbd">N</kbd>
        </Button>
        <Button
          size="large"
          icon={<RightOutlined />}
          onClick={() => onDecide('skip')}
          data-testid="review-skip"
        >
          {t('review.skip')} <kbd className="nol-kbd">S</kbd>
        </Button>
      </div>
      <div className="nol-muted nol-small nol-cc-keys">{t('review.keys')}</div>
    </div>
  );
}

/** 人工复核: one uncertain match at a time, decided by button or keyboard. */
export function ReviewPage() {
  const t = useT();
  const county = useCountyChoice(['bureau_admin']);
  const code = county.countyCode;
  return (
    <div>
      <PageHeader
        title={t('review.title')}
        titleTestId="review-title"
        subtitle={t('review.subtitle')}
        extra={county.needsPicker ? <CountyPicker {...county.picker} /> : null}
      />
      {code ? (
        <>
          <Card className="nol-card nol-cc-card">
            <RunPanel countyCode={code} />
          </Card>
          <Card className="nol-card">
            <Queue countyCode={code} />
          </Card>
        </>
      ) : (
        <Alert type="info" showIcon title={t('policy.county.choose')} />
      )}
    </div>
  );
}
