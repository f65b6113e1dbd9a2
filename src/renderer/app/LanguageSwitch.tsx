import { GlobalOutlined } from '@ant-design/icons';
import { Segmented, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from './i18n.js';

/** 中文 / English, for the screens outside the frame (setup, login, lock, forced password change). */
export const LanguageSwitch = () => {
  const { t, i18n } = useTranslation();
  return (
    <Space size="small">
      <GlobalOutlined aria-hidden />
      <Segmented<Language>
        size="small"
        aria-label={t('app.language')}
        data-testid="language-switch"
        value={i18n.language === 'en' ? 'en' : 'zh-CN'}
        options={[
          { label: <span lang="zh-CN">中文</span>, value: 'zh-CN' },
          { label: 'English', value: 'en' },
        ]}
        onChange={(lang) => void setLanguage(lang)}
      />
    </Space>
  );
};
