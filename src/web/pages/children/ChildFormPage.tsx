import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Radio, Select, Skeleton, Space } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  BOARDING,
  ETHNICITIES,
  HEALTH_STATUS,
  HUKOU_NATURE,
  ID_DOCUMENT_TYPES,
} from '../../../domain/codes.ts';
import { type IdErrorCode, parseIdNumber } from '../../../domain/idNumber.ts';
import { isApiError } from '../../api/client.ts';
import { api, keys } from '../../api/endpoints.ts';
import { useMe } from '../../api/session.ts';
import type { ChildDetail } from '../../api/types.ts';
import { DateField } from '../../components/DateField.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { errorMessage, QueryError } from '../../components/QueryError.tsx';
import { RegionCascader } from '../../components/RegionCascader.tsx';
import { type MessageKey, useCodeOptions, useLang, useT } from '../../i18n/index.tsx';
import { todayIso } from '../../lib/dates.ts';
import { applyFieldErrors } from '../../lib/forms.ts';
import { ConflictNotice } from './ConflictNotice.tsx';
import {
  type ChildFormValues,
  createBody,
  FORM_FIELDS,
  isMasked,
  PROFILE_FIELDS,
  updateBody,
  valuesFromChild,
} from './childFormModel.ts';

/** A form value shown as text, for fields the ID number decides. */
function LockedValue({ value, format }: { value?: string | null; format?: (v: string) => string }) {
  return <div className="nol-locked-value">{value ? (format ? format(value) : value) : '—'}</div>;
}

/** Live reading of the ID box: the error to show, or what the number encodes. */
function useIdCheck() {
  const t = useT();
  const { lang } = useLang();
  return (raw: string | undefined) => {
    if (!raw?.trim()) return null;
    const parsed = parseIdNumber(raw, todayIso());
    if (parsed.ok) return parsed;
    const message =
      lang === 'zh-CN' ? parsed.message : t(`idError.${parsed.code satisfies IdErrorCode}` as MessageKey);
    return { ...parsed, message };
  };
}

function ChildForm({ child }: { child: ChildDetail | null }) {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const me = useMe();
  const [params] = useSearchParams();
  const [form] = Form.useForm<ChildFormValues>();
  const checkId = useIdCheck();
  const [base, setBase] = useState<ChildDetail | null>(child);
  const [conflict, setConflict] = useState<{ message: string; current: ChildDetail } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const editing = child !== null;

  const idType = Form.useWatch('idType', form) ?? '1';
  const idNumber = Form.useWatch('idNumber', form);
  const schoolId = Form.useWatch('schoolId', form);
  const idInfo = idType === '1' ? checkId(idNumber) : null;
  const derived = idInfo?.ok ? idInfo : null;
  // A resident ID on file (shown only masked) already fixes sex and birth date.
  const lockedByStoredId =
    !derived && !idNumber?.trim() && idType === '1' && base?.idType === '1' && Boolean(base.idNumberMasked);
  const locked = Boolean(derived) || lockedByStoredId;

  const idTypeOptions = useCodeOptions(ID_DOCUMENT_TYPES).map((o) => ({
    ...o,
    label: `${o.value} ${o.label}`,
  }));
  const ethnicityOptions = useCodeOptions(ETHNICITIES);
  const hukouOptions = useCodeOptions(HUKOU_NATURE);
  const healthOptions = useCodeOptions(HEALTH_STATUS);
  const boardingOptions = useCodeOptions(BOARDING);

  const schools = useQuery({
    queryKey: keys.schools({ pageSize: 200 }),
    queryFn: () => api.schools({ pageSize: 200 }),
    enabled: !editing,
  });
  const classes = useQuery({
    queryKey: keys.classes(schoolId ?? 0),
    queryFn: () => api.classes(schoolId ?? 0),
    enabled: !editing && schoolId !== undefined,
  });

  // Sex and birth date follow a valid resident ID: the server derives them the same way.
  const derivedSex = derived?.sex;
  const derivedBirthDate = derived?.birthDate;
  useEffect(() => {
    if (derivedSex && derivedBirthDate) form.setFieldsValue({ sex: derivedSex, birthDate: derivedBirthDate });
  }, [derivedSex, derivedBirthDate, form]);

  // Preselect the only school / the teacher's own class / the class the list was filtered by.
  const initialValues = useMemo<ChildFormValues>(() => {
    if (child) return valuesFromChild(child);
    const grantClass = me.data?.grants.find((g) => g.classId)?.classId;
    const grantSchool = me.data?.grants.find((g) => g.schoolId)?.schoolId;
    const fromUrl = (key: string) => {
      const n = Number(params.get(key));
      return Number.isInteger(n) && n > 0 ? n : undefined;
    };
    return {
      idType: '1',
      startedOn: todayIso(),
      schoolId: fromUrl('schoolId') ?? grantSchool,
      classId: fromUrl('classId') ?? grantClass,
    };
  }, [child, me.data, params]);

  useEffect(() => {
    const only = schools.data?.items.length === 1 ? schools.data.items[0] : undefined;
    if (!editing && only && form.getFieldValue('schoolId') === undefined)
      form.setFieldValue('schoolId', only.id);
  }, [schools.data, editing, form]);

  const save = useMutation({
    mutationFn: (v: ChildFormValues) =>
      base ? api.updateChild(base.id, updateBody(base, v)) : api.createChild(createBody(v)),
    onMutate: () => {
      setError(null);
      setConflict(null);
    },
    onError: (e) => {
      if (!isApiError(e)) return setError(errorMessage(e, t('error.network')));
      if (e.status === 409 && base && e.current && typeof e.current === 'object') {
        setConflict({ message: e.message, current: e.current as ChildDetail });
        window.scrollTo({ top: 0, behavior: 'smooth' });
        return;
      }
      const rest = applyFieldErrors(form, e, FORM_FIELDS);
      // A conflict's message names the record already registered: always show it whole.
      if (e.fields.length === 0 || rest.length > 0 || e.status === 409) {
        setError(
          [e.status === 409 || rest.length === 0 ? e.message : null, ...rest].filter(Boolean).join('；'),
        );
        window.scrollTo({ top: 0, behavior: 'smooth' });
      }
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(keys.child(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: ['children'] });
      void queryClient.invalidateQueries({ queryKey: ['schools'] });
      message.success(editing ? t('common.saved') : t('form.created', { name: saved.name }));
      navigate(`/children/${saved.id}`, { replace: true });
    },
  });

  const onFinish = (v: ChildFormValues) => {
    if (base && Object.keys(updateBody(base, v)).length === 1) {
      message.info(t('form.nothingChanged'));
      return;
    }
    save.mutate(v);
  };

  const idRequired = idType === '1';
  const idPlaceholder =
    editing && base?.idNumberMasked ? t('form.idKeep', { masked: base.idNumberMasked }) : undefined;

  return (
    <Form<ChildFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={onFinish}
      scrollToFirstError={{ block: 'center' }}
      className="nol-child-form"
    >
      {conflict && base ? (
        <ConflictNotice
          message={conflict.message}
          mine={form.getFieldsValue(true)}
          base={base}
          current={conflict.current}
          onReload={() => {
            setBase(conflict.current);
            form.setFieldsValue({ ...valuesFromChild(conflict.current), idNumber: undefined });
            setConflict(null);
          }}
          onKeepMine={() => {
            // Keep only what this user changed; everything else takes the other person's values.
            const mine = form.getFieldsValue(true) as ChildFormValues;
            const touched = new Set(Object.keys(updateBody(base, mine)));
            const theirs = valuesFromChild(conflict.current);
            form.setFieldsValue(
              Object.fromEntries(PROFILE_FIELDS.filter((f) => !touched.has(f)).map((f) => [f, theirs[f]])),
            );
            setBase(conflict.current);
            setConflict(null);
          }}
        />
      ) : null}
      {error ? (
        <Alert
          type="error"
          showIcon
          title={error}
          closable={{ onClose: () => setError(null) }}
          className="nol-form-alert"
          data-testid="form-error"
        />
      ) : null}

      <Card className="nol-card" title={t('form.section.identity')}>
        <div className="nol-form-grid">
          <Form.Item name="idType" label={t('child.idType')} rules={[{ required: true }]}>
            <Select options={idTypeOptions} popupMatchSelectWidth={false} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('child.idNumber')}
            className="nol-span-2"
            validateFirst
            hasFeedback={Boolean(idNumber)}
            extra={
              derived
                ? t('form.idDerived', { birthDate: derived.birthDate, sex: t(`sex.${derived.sex}`) })
                : idRequired
                  ? t('form.idHint')
                  : t('form.idOptional')
            }
            rules={[
              { required: idRequired && !editing, message: t('form.idRequired') },
              {
                validator: (_, value: string | undefined) => {
                  if (!idRequired) return Promise.resolve();
                  const info = checkId(value);
                  return info && !info.ok ? Promise.reject(new Error(info.message)) : Promise.resolve();
                },
              },
            ]}
          >
            <Input
              maxLength={24}
              autoComplete="off"
              className="nol-mono"
              placeholder={idPlaceholder}
              data-testid="form-id-number"
            />
          </Form.Item>
          <Form.Item
            name="name"
            label={t('child.name')}
            rules={[{ required: true, whitespace: true, message: t('form.nameRequired') }]}
          >
            <Input maxLength={40} data-testid="form-name" />
          </Form.Item>
          <Form.Item
            name="sex"
            label={t('child.sex')}
            rules={[{ required: !locked, message: t('form.sexRequired') }]}
            extra={locked ? t('form.fromId') : undefined}
          >
            {locked ? (
              <LockedValue format={(v) => (v === 'male' || v === 'female' ? t(`sex.${v}`) : '—')} />
            ) : (
              <Radio.Group optionType="button">
                <Radio.Button value="male">{t('sex.male')}</Radio.Button>
                <Radio.Button value="female">{t('sex.female')}</Radio.Button>
              </Radio.Group>
            )}
          </Form.Item>
          <Form.Item
            name="birthDate"
            label={t('child.birthDate')}
            rules={[{ required: !locked, message: t('form.birthDateRequired') }]}
            extra={locked ? t('form.fromId') : undefined}
          >
            {locked ? <LockedValue /> : <DateField max={todayIso()} />}
          </Form.Item>
          <Form.Item name="ethnicity" label={t('child.ethnicity')}>
            <Select showSearch={{ optionFilterProp: 'label' }} allowClear options={ethnicityOptions} />
          </Form.Item>
          <Form.Item
            name="studentNumber"
            label={t('child.studentNumber')}
            extra={t('form.studentNumberHint')}
          >
            <Input
              maxLength={40}
              className="nol-mono"
              autoComplete="off"
              placeholder={
                base && isMasked(base.studentNumber)
                  ? t('form.idKeep', { masked: base.studentNumber ?? '' })
                  : undefined
              }
            />
          </Form.Item>
        </div>
      </Card>

      {editing ? null : (
        <Card className="nol-card" title={t('form.section.enrollment')}>
          <div className="nol-form-grid">
            <Form.Item
              name="schoolId"
              label={t('child.school')}
              rules={[{ required: true, message: t('form.schoolRequired') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={schools.isLoading}
                options={(schools.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
                onChange={() => form.setFieldValue('classId', undefined)}
                data-testid="form-school"
              />
            </Form.Item>
            <Form.Item
              name="classId"
              label={t('child.class')}
              rules={[{ required: true, message: t('form.classRequired') }]}
            >
              <Select
                loading={classes.isLoading}
                options={(classes.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
                notFoundContent={schoolId ? undefined : t('form.chooseSchoolFirst')}
                data-testid="form-class"
              />
            </Form.Item>
            <Form.Item name="startedOn" label={t('form.startedOn')}>
              <DateField />
            </Form.Item>
          </div>
        </Card>
      )}

      <Card className="nol-card" title={t('form.section.household')}>
        <div className="nol-form-grid">
          <Form.Item name="hukouRegionCode" label={t('child.hukouRegion')} className="nol-span-2">
            <RegionCascader placeholder={t('form.regionPlaceholder')} currentLabel={base?.hukouRegionName} />
          </Form.Item>
          <Form.Item name="hukouNature" label={t('child.hukouNature')}>
            <Select allowClear options={hukouOptions} />
          </Form.Item>
          <Form.Item name="hukouAddress" label={t('child.hukouAddress')} className="nol-span-2">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="healthStatus" label={t('child.healthStatus')}>
            <Select allowClear options={healthOptions} />
          </Form.Item>
          <Form.Item name="residenceAddress" label={t('child.residenceAddress')} className="nol-span-2">
            <Input maxLength={200} placeholder={t('form.residencePlaceholder')} />
          </Form.Item>
          <Form.Item name="boarding" label={t('child.boarding')}>
            <Radio.Group options={boardingOptions} optionType="button" />
          </Form.Item>
        </div>
      </Card>

      <div className="nol-form-actions">
        <Space>
          <Button onClick={() => navigate(editing && base ? `/children/${base.id}` : '/children')}>
            {t('common.cancel')}
          </Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="form-submit">
            {editing ? t('common.save') : t('form.create')}
          </Button>
        </Space>
      </div>
    </Form>
  );
}

export function ChildNewPage() {
  const t = useT();
  return (
    <div className="nol-form-page">
      <PageHeader backTo="/children" title={t('form.newTitle')} subtitle={t('form.newSubtitle')} />
      <ChildForm child={null} />
    </div>
  );
}

export function ChildEditPage() {
  const t = useT();
  const { id } = useParams();
  const childId = Number(id);
  const child = useQuery({
    queryKey: keys.child(childId),
    queryFn: () => api.child(childId),
    enabled: Number.isInteger(childId) && childId > 0,
    staleTime: 0,
    refetchOnMount: 'always',
  });
  if (child.isError) return <QueryError error={child.error} retry={() => child.refetch()} />;
  if (!child.data || !child.isFetchedAfterMount) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (!child.data.mayEdit) {
    return <Alert type="warning" showIcon title={t('form.mayNotEdit')} />;
  }
  return (
    <div className="nol-form-page">
      <PageHeader
        backTo={`/children/${child.data.id}`}
        title={t('form.editTitle', { name: child.data.name })}
      />
      <ChildForm key={child.data.id} child={child.data} />
    </div>
  );
}
