import { Button, Space } from 'antd';
import { PrinterOutlined, FilePdfOutlined, ArrowLeftOutlined } from '@ant-design/icons';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { PageSize } from '../../shared/print.js';
import { shellPrint } from '../../shared/print.js';
import { call, isDesktop } from './api.js';
import './print.css';

const PAGE_CSS: Record<PageSize, string> = {
  receipt80: '@page { size: 80mm auto; margin: 3mm; }',
  A5: '@page { size: A5 portrait; margin: 10mm; }',
  A4: '@page { size: A4 portrait; margin: 15mm; }',
};

/**
 * The print view: the page itself at its paper size, with a toolbar that is not printed.
 * Desktop: printer or PDF through the shell. Browser mode: the browser's print dialog.
 */
export const PrintFrame = ({
  pageSize,
  path,
  ready = true,
  children,
}: {
  pageSize: PageSize;
  path: string;
  /** false while the page's data is loading: the desktop shell prints only a ready page */
  ready?: boolean;
  children: ReactNode;
}) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useEffect(() => {
    const style = document.createElement('style');
    style.textContent = PAGE_CSS[pageSize];
    document.head.appendChild(style);
    document.body.classList.add('print-route');
    return () => {
      style.remove();
      document.body.classList.remove('print-route');
    };
  }, [pageSize]);
  const print = (to: 'printer' | 'pdf') =>
    isDesktop() ? void call(shellPrint, { path, pageSize, to }) : window.print();
  return (
    <div className="print-frame">
      <div className="print-toolbar no-print">
        <Space>
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
            {t('app.back')}
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => print('printer')} autoFocus>
            {t('app.print')}
          </Button>
          {isDesktop() && (
            <Button icon={<FilePdfOutlined />} onClick={() => print('pdf')}>
              {t('app.savePdf')}
            </Button>
          )}
        </Space>
      </div>
      <div className={`print-page print-page-${pageSize}`} data-testid="print-page" data-print-ready={ready ? 'true' : 'false'}>
        {children}
      </div>
    </div>
  );
};
