import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../i18n/index.tsx';

/**
 * What a user sees for a record that does not exist or that they may not see: the two look
 * the same on purpose, so nobody learns that a child exists outside their jurisdiction.
 */
export function Refusal({ backTo = '/children' }: { backTo?: string }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <div data-testid="refusal">
      <Result
        status="404"
        title={t('refusal.title')}
        subTitle={t('refusal.subtitle')}
        extra={[
          <Button key="back" onClick={() => (window.history.length > 1 ? navigate(-1) : navigate(backTo))}>
            {t('common.back')}
          </Button>,
          <Button key="list" type="primary" onClick={() => navigate(backTo)}>
            {t('refusal.toList')}
          </Button>,
        ]}
      />
    </div>
  );
}
