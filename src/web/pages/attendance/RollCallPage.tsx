import { CalendarOutlined, CheckCircleFilled, CoffeeOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Result, Skeleton } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { weekdayOf } from '../../../domain/dates.ts';
import { isApiError } from '../../api/client.ts';
import { api, keys } from '../../api/endpoints.ts';
import type { AttendanceMark, RollCallChild, RollCallSheet, RollCallSubmit } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage, QueryError } from '../../components/QueryError.tsx';
import { Refusal } from '../../components/Refusal.tsx';
import { type MessageKey, useT } from '../../i18n/index.tsx';
import { formatInstant } from '../../lib/dates.ts';
import { DaySwitcher } from './DaySwitcher.tsx';
import { weekdayLabel } from './labels.ts';
import { MarkSheet } from './MarkSheet.tsx';
import { type PendingConflict, RollCallConflict } from './RollCallConflict.tsx';
import { RollCallCounters, RollCallRow } from './RollCallParts.tsx';
import {
  changedChildren,
  countMarks,
  type Draft,
  initialDraft,
  messagesByChild,
  reapply,
  toSubmission,
} from './rollCallModel.ts';
import './attendance.css';

interface RowErrors {
  byChild: Map<number, string[]>;
  other: string[];
}

function SubmissionStatus({ sheet }: { sheet: RollCallSheet }) {
  const t = useT();
  const s = sheet.submitted;
  if (!s) {
    return (
      <div className="nol-rc-status nol-rc-status-open" data-testid="rc-status">
        {t('attendance.notSubmittedHint')}
      </div>
    );
  }
  const head =
    s.revision > 1 ? t('attendance.submittedRevision', { n: s.revision - 1 }) : t('attendance.submitted');
  return (
    <div className="nol-rc-status nol-rc-status-done" data-testid="rc-status">
      <CheckCircleFilled /> <span className="nol-strong">{head}</span>
      <span className="nol-muted">
        {' · '}
        {formatInstant(s.updatedAt)} {s.updatedByName ?? ''}
      </span>
    </div>
  );
}

/** The marks being edited; keyed by day and revision, so a newly saved or loaded sheet starts afresh. */
function RollCallForm({
  sheet,
  dayParam,
  conflict,
  setConflict,
}: {
  sheet: RollCallSheet;
  dayParam: string | undefined;
  conflict: PendingConflict | null;
  setConflict: (next: PendingConflict | null) => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const base = useMemo(() => initialDraft(sheet), [sheet]);
  const [draft, setDraft] = useState<Draft>(base);
  const [openChild, setOpenChild] = useState<RollCallChild | null>(null);
  const [errors, setErrors] = useState<RowErrors | null>(null);
  const changed = new Set(changedChildren(base, draft));
  const counts = countMarks(sheet, draft);

  const submit = useMutation({
    mutationFn: (body: RollCallSubmit) => api.submitRollCall(sheet.classId, body),
    onMutate: () => setErrors(null),
    onSuccess: ({ tasksOpened, ...saved }) => {
      queryClient.setQueryData(keys.rollCall(sheet.classId, dayParam), saved);
      void queryClient.invalidateQueries({ queryKey: ['classAttendance', sheet.classId] });
      void queryClient.invalidateQueries({ queryKey: ['childAttendance'] });
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
      message.success(
        tasksOpened > 0 ? t('attendance.savedWithTasks', { n: tasksOpened }) : t('attendance.saved'),
      );
    },
    onError: (e, body) => {
      // The submit button sits at the bottom of a phone screen; the explanation is at the top.
      window.scrollTo({ top: 0, behavior: 'smooth' });
      if (isApiError(e) && e.status === 409 && e.current) {
        // Someone else submitted first: show their marks, keep ours aside to re-apply.
        setConflict({ mine: draft, base });
        queryClient.setQueryData(keys.rollCall(sheet.classId, dayParam), e.current as RollCallSheet);
        return;
      }
      if (!isApiError(e)) {
        setErrors({ byChild: new Map(), other: [errorMessage(e, t('error.network'))] });
        return;
      }
      const split = messagesByChild(e, body);
      setErrors({
        byChild: split.byChild,
        other: e.fields.length === 0 ? [errorMessage(e, t('error.network'))] : split.other,
      });
    },
  });

  const setMark = (childId: number, mark: AttendanceMark | null) =>
    setDraft((current) => {
      const next = { ...current };
      if (mark) next[childId] = mark;
      else delete next[childId];
      return next;
    });

  const names = new Map(sheet.children.map((c) => [c.childId, c.name]));
  const errorLines = errors
    ? [
        ...errors.other,
        ...[...errors.byChild].map(
          ([id, messages]) => `${names.get(id) ?? id}${t('common.colon')}${messages.join('；')}`,
        ),
      ]
    : [];
  const dirty = changed.size > 0;

  return (
    <>
      {conflict ? (
        <RollCallConflict
          sheet={sheet}
          conflict={conflict}
          onReapply={() => {
            setDraft(reapply(base, conflict.mine, conflict.base));
            setConflict(null);
          }}
          onDismiss={() => setConflict(null)}
        />
      ) : null}
      <div className="nol-rc-top">
        <RollCallCounters counts={counts} />
        <SubmissionStatus sheet={sheet} />
      </div>
      {errorLines.length > 0 ? (
        <Alert
          type="error"
          showIcon
          className="nol-rc-alert"
          title={t('attendance.submitFailed')}
          description={errorLines.map((line) => <div key={line}>{line}</div>)}
          data-testid="rc-error"
        />
      ) : null}
      {sheet.children.length === 0 ? (
        <Result status="info" title={t('attendance.noChildren')} />
      ) : (
        <div className="nol-rc-list">
          {sheet.children.map((child, index) => (
            <RollCallRow
              key={child.childId}
              index={index}
              child={child}
              mark={draft[child.childId]}
              changed={sheet.submitted !== null && changed.has(child.childId)}
              errors={errors?.byChild.get(child.childId)}
              editable={sheet.editable}
              onOpen={() => setOpenChild(child)}
            />
          ))}
        </div>
      )}
      {sheet.editable ? (
        <div className="nol-rc-submitbar">
          {dirty && sheet.submitted ? (
            <span className="nol-rc-dirty">{t('attendance.unsaved', { n: changed.size })}</span>
          ) : null}
          <Button
            type="primary"
            size="large"
            icon={<SendOutlined />}
            loading={submit.isPending}
            disabled={sheet.submitted !== null && !dirty}
            onClick={() => submit.mutate(toSubmission(sheet, draft))}
            className="nol-rc-submit"
            data-testid="rc-submit"
          >
            {sheet.submitted ? t('attendance.submitChanges') : t('attendance.submit')}
          </Button>
        </div>
      ) : null}
      <MarkSheet
        child={openChild}
        mark={openChild ? draft[openChild.childId] : undefined}
        onClose={() => setOpenChild(null)}
        onChange={setMark}
      />
    </>
  );
}

/** 周末 / 放假 / 停课: nothing to take, and nothing to submit. */
function NoSchool({ sheet }: { sheet: RollCallSheet }) {
  const t = useT();
  return (
    <Result
      icon={<CoffeeOutlined className="nol-rc-rest-icon" />}
      title={t(`attendance.noSchool.${sheet.dayInfo.kind}` as MessageKey)}
      subTitle={[sheet.dayInfo.label, t('attendance.noSchoolHint')].filter(Boolean).join(' · ')}
      data-testid="rc-no-school"
      extra={
        <Link to={`/classes/${sheet.classId}/attendance?month=${sheet.day.slice(0, 7)}`}>
          <Button icon={<CalendarOutlined />}>{t('attendance.monthLink')}</Button>
        </Link>
      }
    />
  );
}

export function RollCallPage() {
  const t = useT();
  const { id } = useParams();
  const classId = Number(id);
  const valid = Number.isInteger(classId) && classId > 0;
  const [search, setSearch] = useSearchParams();
  const dayParam = search.get('day') ?? undefined;
  const [conflict, setConflict] = useState<PendingConflict | null>(null);
  const sheet = useQuery({
    queryKey: keys.rollCall(classId, dayParam),
    queryFn: () => api.rollCall(classId, dayParam),
    enabled: valid,
  });

  if (!valid) return <Refusal backTo="/roll-call" />;
  if (sheet.isError)
    return <QueryError error={sheet.error} retry={() => sheet.refetch()} backTo="/roll-call" />;
  if (!sheet.data) return <Skeleton active paragraph={{ rows: 10 }} />;

  const s = sheet.data;
  const goTo = (day: string) => {
    setConflict(null);
    setSearch(day === s.today ? {} : { day }, { replace: true });
  };
  return (
    <div className="nol-rc-page">
      <PageHeader
        title={s.className}
        titleTestId="rc-class"
        subtitle={
          <span>
            {s.schoolName} · {s.day} {weekdayLabel(t, weekdayOf(s.day))}
            {s.dayInfo.label ? ` · ${s.dayInfo.label}` : ''}
          </span>
        }
        extra={
          <Link
            to={`/classes/${s.classId}/attendance?month=${s.day.slice(0, 7)}`}
            data-testid="rc-month-link"
          >
            <Button icon={<CalendarOutlined />}>{t('attendance.monthLink')}</Button>
          </Link>
        }
      />
      <DaySwitcher day={s.day} today={s.today} onChange={goTo} />
      {!s.editable && s.submitted ? (
        <Alert type="info" showIcon className="nol-rc-alert" title={t('attendance.readOnly')} />
      ) : null}
      {!s.dayInfo.schoolDay ? (
        <NoSchool sheet={s} />
      ) : !s.editable && !s.submitted ? (
        // A past day nobody submitted: listing everyone as present would read as a record.
        <Result status="warning" title={t('attendance.neverSubmitted')} data-testid="rc-never-submitted" />
      ) : (
        <RollCallForm
          key={`${s.day}:${s.submitted?.revision ?? 0}`}
          sheet={s}
          dayParam={dayParam}
          conflict={conflict}
          setConflict={setConflict}
        />
      )}
    </div>
  );
}
