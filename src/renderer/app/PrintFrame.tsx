import { Button, Space } from 'antd';
import { PrinterOutlined, FilePdfOutlined, ArrowLeftOutlined } from '@ant-design/icons';
import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { PageSize } from '../../shared/print.js';
import { shellPrint } from '../../shared/print.js';
import { call, isDesktop } from './api.js';
import './print.css';

/**
 * The paper of each size. A receipt roll has no fixed length: its page is made as long as what is
 * on it (measured once the data is there), so a PDF or a roll printer gets one slip, not a Letter page.
 */
const pageCss = (pageSize: PageSize, page: HTMLElement | null): string => {
  if (pageSize === 'A5') return '@page { size: A5 portrait; margin: 10mm; }';
  if (pageSize === 'A4') return '@page { size: A4 portrait; margin: 15mm; }';
  if (pageSize === 'A4landscape') return '@page { size: A4 landscape; margin: 10mm; }';
  const contentMm = page ? Math.ceil((page.scrollHeight * 25.4) / 96) : 200;
  return `@page { size: 80mm ${contentMm + 6}mm; margin: 3mm; }`;
};

/**
 * The print view: the page itself at its paper size, with a toolbar that is not printed.
 * Desktop: printer or PDF through the shell. Browser mode: the browser's print dialog.
 */
export const PrintFrame = ({
  pageSize,
  path,
  ready = true,
  printHere = false,
  onBack,
  children,
}: {
  pageSize: PageSize;
  path: string;
  /** false while the page's data is loading: the desktop shell prints only a ready page */
  ready?: boolean;
  /**
   * printed from this window with the system print dialog, also on the desktop: for a page whose
   * data a second window could not load again (it was shown once, to a password)
   */
  printHere?: boolean;
  /** where the back button goes (default: the page before) */
  onBack?: () => void;
  children: ReactNode;
}) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const page = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const style = document.createElement('style');
    style.textContent = pageCss(pageSize, page.current);
    document.head.appendChild(style);
    document.body.classList.add('print-route');
    return () => {
      style.remove();
      document.body.classList.remove('print-route');
    };
  }, [pageSize, ready]);
  const viaShell = isDesktop() && !printHere;
  const print = (to: 'printer' | 'pdf') => (viaShell ? void call(shellPrint, { path, pageSize, to }) : window.print());
  return (
    <div className="print-frame">
      <div className="print-toolbar no-print">
        <Space>
          <Button icon={<ArrowLeftOutlined />} onClick={() => (onBack ? onBack() : navigate(-1))}>
            {t('app.back')}
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => print('printer')} autoFocus>
            {t('app.print')}
          </Button>
          {viaShell && (
            <Button icon={<FilePdfOutlined />} onClick={() => print('pdf')}>
              {t('app.savePdf')}
            </Button>
          )}
        </Space>
      </div>
      <div className={`print-page print-page-${pageSize}`} ref={page} data-testid="print-page" data-print-ready={ready ? 'true' : 'false'}>
        {children}
      </div>
    </div>
  );
};
