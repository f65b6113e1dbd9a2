import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { officeNoticeGet } from '../../shared/office/notices.js';
import { errorText } from '../app/i18n.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { QrCode } from '../app/QrCode.js';
import { useMethod } from '../app/query.js';
import './print.css';

/** A notice as it was filled in, on A4 or A5: title, text, the QR code and the signature line. */
export const NoticePrint = () => {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const notice = useMethod(officeNoticeGet, { id });
  const path = `/print/office/notice/${id}`;
  if (notice.error) return <Result status="error" title={errorText(t, notice.error)} />;
  if (!notice.data) return <PrintFrame pageSize="A4" path={path} ready={false}><Spin /></PrintFrame>;
  const n = notice.data;
  return (
    <PrintFrame pageSize={n.pageSize} path={path}>
      <article className={`office-notice office-notice-${n.pageSize}`} data-testid="notice-print">
        <h1>{n.title}</h1>
        <div className="office-pre office-notice-body">{n.body}</div>
        {n.qr && (
          <div className="office-notice-qr">
            <QrCode value={n.qr} size={n.pageSize === 'A5' ? 96 : 128} title={n.qr} />
          </div>
        )}
        {n.footer && <div className="office-pre office-notice-footer">{n.footer}</div>}
      </article>
    </PrintFrame>
  );
};
