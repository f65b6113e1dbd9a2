import { Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { DOCUMENT_KINDS, type DocumentKind } from '../../shared/print.js';
import { PrintFrame } from '../app/PrintFrame.js';

/** The test page of Settings → Printers: the paper's width, both scripts and digits. */
export const TestPrint = () => {
  const { t } = useTranslation();
  const { kind: param } = useParams();
  const kind: DocumentKind = DOCUMENT_KINDS.find((k) => k === param) ?? 'a4';
  return (
    <PrintFrame pageSize={kind === 'receipt' ? 'receipt80' : 'A4'} path={`/print/test/${kind}`}>
      <div data-testid="test-print">
        <Typography.Title level={kind === 'receipt' ? 5 : 3}>{t('station.printer.testTitle')}</Typography.Title>
        <p>{t(`station.printer.kind.${kind}`)}</p>
        <p>{t('station.printer.testBody')}</p>
        <p>社区警务室工作台 · Station Desk</p>
        <p>{t('station.printer.digits')}</p>
        <p>
          {t('station.printer.testPrinted')}: {dayjs().format('YYYY-MM-DD HH:mm:ss')}
        </p>
      </div>
    </PrintFrame>
  );
};
