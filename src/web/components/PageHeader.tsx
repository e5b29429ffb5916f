import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../i18n/index.tsx';

interface Props {
  title: ReactNode;
  subtitle?: ReactNode;
  backTo?: string;
  extra?: ReactNode;
  titleTestId?: string;
}

export function PageHeader({ title, subtitle, backTo, extra, titleTestId }: Props) {
  const navigate = useNavigate();
  const t = useT();
  return (
    <div className="nol-page-header">
      <div className="nol-page-header-main">
        {backTo ? (
          <Button
            type="text"
            aria-label={t('common.back')}
            icon={<ArrowLeftOutlined />}
            onClick={() => navigate(backTo)}
            className="nol-back"
          />
        ) : null}
        <div className="nol-page-title-block">
          <Typography.Title level={3} className="nol-page-title" data-testid={titleTestId}>
            {title}
          </Typography.Title>
          {subtitle ? <div className="nol-page-subtitle">{subtitle}</div> : null}
        </div>
      </div>
      {extra ? <div className="nol-page-extra">{extra}</div> : null}
    </div>
  );
}
