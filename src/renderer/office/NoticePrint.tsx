import { Result, Spin } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { officeNoticeGet } from '../../shared/office/notices.js';
import { errorText } from '../app/i18n.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { QrCode } from '../app/QrCode.js';
import { useMethod } from '../app/query.js';
import './print.css';

/** What a notice's QR code does, said under it: a reader should know before scanning what a code will dial or open. */
export const qrCaption = (t: TFunction, value: string): string => {
  const tel = /^tel:(.+)$/i.exec(value.trim());
  if (tel) return t('office.notices.qrCaption.call', { number: tel[1] });
  if (/^https?:\/\//i.test(value.trim())) return t('office.notices.qrCaption.open', { url: value.trim() });
  return t('office.notices.qrCaption.read', { text: value.trim() });
};

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
          <figure className="office-notice-qr">
            <QrCode value={n.qr} size={n.pageSize === 'A5' ? 96 : 128} title={n.qr} />
            <figcaption data-testid="notice-qr-caption">{qrCaption(t, n.qr)}</figcaption>
          </figure>
        )}
        {n.footer && <div className="office-pre office-notice-footer">{n.footer}</div>}
      </article>
    </PrintFrame>
  );
};
