import { Alert, Card, Empty, Steps } from 'antd';
import { useState } from 'react';
import { hasAnyRole, useMe } from '../../api/session.ts';
import type { ListPreview } from '../../api/types.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useT } from '../../i18n/index.tsx';
import { useIsMobile } from '../../lib/hooks.ts';
import { CountyPicker, useCountyChoice } from '../policy/CountyPicker.tsx';
import { ImportHistory } from './ImportHistory.tsx';
import { ImportProgress } from './ImportProgress.tsx';
import { MappingStep } from './MappingStep.tsx';
import { type ListMeta, UploadForm } from './UploadForm.tsx';
import './imports.css';

type Stage = { step: 0 } | { step: 1; preview: ListPreview; meta: ListMeta } | { step: 2; jobId: string };

/** 名单导入: upload → check the column mapping over a preview → the background import's result. */
export function ImportsPage() {
  const t = useT();
  const me = useMe();
  const isMobile = useIsMobile();
  const county = useCountyChoice(['bureau_admin', 'bureau_analyst']);
  const mayImport = hasAnyRole(me.data, ['bureau_admin']);
  const [stage, setStage] = useState<Stage>({ step: 0 });
  const code = county.countyCode;
  const restart = () => setStage({ step: 0 });

  return (
    <div>
      <PageHeader
        title={t('imports.title')}
        titleTestId="imports-title"
        subtitle={
          county.countyName ? `${county.countyName} · ${t('imports.subtitle')}` : t('imports.subtitle')
        }
        extra={county.needsPicker ? <CountyPicker {...county.picker} /> : null}
      />
      {!code ? (
        <Card className="nol-card">
          <Empty description={t('policy.county.choose')} />
        </Card>
      ) : (
        <>
          {mayImport ? (
            <Card className="nol-card nol-import-card">
              {isMobile ? null : (
                <Steps
                  size="small"
                  current={stage.step}
                  className="nol-import-steps"
                  items={[
                    { title: t('imports.step.upload') },
                    { title: t('imports.step.mapping') },
                    { title: t('imports.step.result') },
                  ]}
                />
              )}
              {stage.step === 0 ? (
                <UploadForm
                  countyCode={code}
                  onPreview={(preview, meta) => setStage({ step: 1, preview, meta })}
                />
              ) : stage.step === 1 ? (
                <MappingStep
                  preview={stage.preview}
                  meta={stage.meta}
                  countyCode={code}
                  onStarted={(jobId) => setStage({ step: 2, jobId })}
                  onRestart={restart}
                />
              ) : (
                <ImportProgress jobId={stage.jobId} onAnother={restart} />
              )}
            </Card>
          ) : (
            <Alert type="info" showIcon title={t('imports.readOnly')} className="nol-import-alert" />
          )}
          <Card className="nol-card" title={t('imports.history')}>
            <ImportHistory countyCode={code} />
          </Card>
        </>
      )}
    </div>
  );
}
