import { CheckOutlined } from '@ant-design/icons';
import { Button, Drawer, Input, Modal, Segmented, Tag } from 'antd';
import { useState } from 'react';
import type { AbsenceReason, AttendanceMark, MarkKind, MarkPortion, RollCallChild } from '../../api/types.ts';
import { useT } from '../../i18n/index.tsx';
import { trimOrNull } from '../../lib/forms.ts';
import { useIsMobile } from '../../lib/hooks.ts';
import { ABSENCE_REASONS, kindLabel, MARK_KINDS, PORTIONS, portionLabel, reasonLabel } from './labels.ts';

type Choice = MarkKind | 'present';
const SYMPTOM_SPLIT = /[、,，;；\s]+/;

/** A portion only means something for a missed (part of a) day; late and left early are one event. */
const hasPortion = (kind: Choice) => kind === 'absent' || kind === 'leave';

function splitSymptoms(text: string): string[] {
  return text.split(SYMPTOM_SPLIT).filter(Boolean);
}

function SymptomField({ value, onChange }: { value: string; onChange: (next: string) => void }) {
  const t = useT();
  const chosen = splitSymptoms(value);
  const toggle = (symptom: string) =>
    onChange(
      (chosen.includes(symptom) ? chosen.filter((s) => s !== symptom) : [...chosen, symptom]).join('、'),
    );
  return (
    <div>
      <div className="nol-rc-chips">
        {t('attendance.symptomChips')
          .split(',')
          .map((symptom) => (
            <Tag.CheckableTag
              key={symptom}
              checked={chosen.includes(symptom)}
              onChange={() => toggle(symptom)}
              className="nol-rc-chip"
            >
              {symptom}
            </Tag.CheckableTag>
          ))}
      </div>
      <Input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        maxLength={100}
        placeholder={t('attendance.symptomsPlaceholder')}
        data-testid="mark-symptoms"
      />
    </div>
  );
}

function MarkEditor({
  child,
  initial,
  onDone,
}: {
  child: RollCallChild;
  initial: AttendanceMark | undefined;
  onDone: (mark: AttendanceMark | null) => void;
}) {
  const t = useT();
  const [kind, setKind] = useState<Choice>(initial?.kind ?? 'present');
  const [portion, setPortion] = useState<MarkPortion>(initial?.portion ?? 'whole');
  const [reason, setReason] = useState<AbsenceReason | null>(initial?.reason ?? null);
  const [symptoms, setSymptoms] = useState(initial?.symptoms ?? '');
  const [note, setNote] = useState(initial?.note ?? '');

  const choose = (next: Choice) => {
    // 出勤 needs nothing more: one tap and the sheet closes.
    if (next === 'present') return onDone(null);
    setKind(next);
    // An unexplained absence is 不明 until the family is reached; leave always has a reason.
    if (next === 'absent' && reason === null) setReason('unknown');
    if (next === 'leave' && (reason === null || reason === 'unknown')) setReason('personal');
  };

  const save = () => {
    if (kind === 'present') return onDone(null);
    onDone({
      kind,
      portion: hasPortion(kind) ? portion : 'whole',
      reason,
      symptoms: reason === 'sick' ? trimOrNull(symptoms) : null,
      note: trimOrNull(note),
    });
  };

  const reasons = kind === 'leave' ? ABSENCE_REASONS.filter((r) => r !== 'unknown') : ABSENCE_REASONS;
  return (
    <div className="nol-rc-editor" data-testid="mark-sheet">
      {child.leave ? (
        <Tag color="blue" className="nol-rc-editor-leave">
          {t('attendance.approvedLeave', { from: child.leave.startsOn, to: child.leave.endsOn })}
        </Tag>
      ) : null}
      <div className="nol-rc-kinds">
        {(['present', ...MARK_KINDS] as const).map((k) => (
          <button
            key={k}
            type="button"
            className={`nol-rc-kind nol-rc-kind-${k}${kind === k ? ' nol-rc-kind-on' : ''}`}
            onClick={() => choose(k)}
            aria-pressed={kind === k}
            data-testid={`mark-kind-${k}`}
          >
            {k === 'present' ? t('attendance.present') : kindLabel(t, k)}
          </button>
        ))}
      </div>
      {kind === 'leave' && !child.leave ? (
        <div className="nol-rc-hint">{t('attendance.leaveCreatesRequest')}</div>
      ) : null}
      {kind === 'present' ? null : (
        <>
          {hasPortion(kind) ? (
            <div className="nol-rc-field">
              <div className="nol-rc-field-label">{t('attendance.portionLabel')}</div>
              <Segmented<MarkPortion>
                block
                size="large"
                value={portion}
                onChange={setPortion}
                options={PORTIONS.map((p) => ({ value: p, label: portionLabel(t, p) }))}
              />
            </div>
          ) : null}
          <div className="nol-rc-field">
            <div className="nol-rc-field-label">{t('attendance.reasonLabel')}</div>
            <Segmented<AbsenceReason>
              block
              size="large"
              value={reason ?? undefined}
              onChange={setReason}
              options={reasons.map((r) => ({
                value: r,
                label: <span data-testid={`mark-reason-${r}`}>{reasonLabel(t, r)}</span>,
              }))}
            />
          </div>
          {reason === 'sick' ? (
            <div className="nol-rc-field">
              <div className="nol-rc-field-label">{t('attendance.symptomsLabel')}</div>
              <SymptomField value={symptoms} onChange={setSymptoms} />
            </div>
          ) : null}
          <div className="nol-rc-field">
            <div className="nol-rc-field-label">{t('attendance.noteLabel')}</div>
            <Input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              maxLength={200}
              placeholder={t('attendance.notePlaceholder')}
            />
          </div>
          <Button
            type="primary"
            size="large"
            block
            icon={<CheckOutlined />}
            onClick={save}
            data-testid="mark-save"
          >
            {t('attendance.markDone')}
          </Button>
        </>
      )}
    </div>
  );
}

/** Marking one child: a bottom sheet on a phone, a small dialog on a desk. */
export function MarkSheet({
  child,
  mark,
  onClose,
  onChange,
}: {
  child: RollCallChild | null;
  mark: AttendanceMark | undefined;
  onClose: () => void;
  onChange: (childId: number, mark: AttendanceMark | null) => void;
}) {
  const isMobile = useIsMobile();
  const editor = child ? (
    <MarkEditor
      key={child.childId}
      child={child}
      initial={mark}
      onDone={(next) => {
        onChange(child.childId, next);
        onClose();
      }}
    />
  ) : null;
  const title = child?.name ?? '';
  if (isMobile) {
    return (
      <Drawer
        placement="bottom"
        open={child !== null}
        onClose={onClose}
        title={title}
        size="auto"
        className="nol-rc-drawer"
        destroyOnHidden
      >
        {editor}
      </Drawer>
    );
  }
  return (
    <Modal open={child !== null} onCancel={onClose} title={title} footer={null} width={480} destroyOnHidden>
      {editor}
    </Modal>
  );
}
