import { Segmented } from 'antd';
import { type Lang, useLang } from '../i18n/index.tsx';

export function LangSwitch() {
  const { lang, setLang } = useLang();
  return (
    <Segmented<Lang>
      size="small"
      value={lang}
      onChange={setLang}
      options={[
        { value: 'zh-CN', label: '中文' },
        { value: 'en-US', label: 'EN' },
      ]}
      data-testid="lang-switch"
    />
  );
}
