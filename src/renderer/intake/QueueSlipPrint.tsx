import { Result, Spin } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { intakeGet } from '../../shared/intake/contract.js';
import { stationGet } from '../../shared/station/contract.js';
import { localDateTime } from '../../shared/time.js';
import { errorText } from '../app/i18n.js';
import { useMe } from '../app/me.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { QrCode } from '../app/QrCode.js';
import { ownPhoneLabel } from '../station/ContactCardPrint.js';
import { useMethod } from '../app/query.js';
import { displayQueueNumber } from '../../shared/intake/zones.js';

type SlipSize = 'receipt80' | 'A5';

/** Sizes of the two layouts: a narrow, compact receipt and a roomier A5 sheet. */
const LAYOUT: Record<SlipSize, { base: number; title: number; queue: number; zone: number; qr: number; qrMany: number; gap: number }> = {
  receipt80: { base: 12, title: 15, queue: 56, zone: 18, qr: 84, qrMany: 64, gap: 6 },
  A5: { base: 15, title: 22, queue: 100, zone: 26, qr: 112, qrMany: 84, gap: 10 },
};

/** The queue slip: station, the number very large, zone, time, purpose, and the duty phones with QR codes. */
export const QueueSlipPrint = () => {
  const { t, i18n } = useTranslation();
  const { me } = useMe();
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const size: SlipSize = params.get('size') === 'A5' ? 'A5' : 'receipt80';
  const walkIn = useMethod(intakeGet, { id });
  const station = useMethod(stationGet, {});
  const L = LAYOUT[size];
  const path = `/print/slip/${id}?size=${size}`;

  const dashed: CSSProperties = { borderTop: '1px dashed #000', margin: `${L.gap}px 0` };
  const row: CSSProperties = { display: 'flex', justifyContent: 'space-between', gap: 8, fontSize: L.base, lineHeight: 1.5 };

  let body;
  if (walkIn.error || station.error) body = <Result status="warning" title={errorText(t, walkIn.error ?? station.error)} />;
  else if (!walkIn.data || !station.data) body = <Spin />;
  else {
    const w = walkIn.data;
    const phones = station.data.dutyPhones;
    body = (
      <div
        style={{ textAlign: 'center', color: '#000', fontSize: L.base, breakInside: 'avoid' }}
        data-testid="slip"
      >
        <div style={{ fontSize: L.title, fontWeight: 700, lineHeight: 1.3 }} data-testid="slip-station">
          {me.stationName || station.data.name}
        </div>
        <div style={{ fontSize: L.base, letterSpacing: 2, marginTop: 2 }}>{t('intake.slip.title')}</div>
        <div style={dashed} />
        <div
          data-testid="slip-queue-no"
          style={{ fontSize: L.queue, fontWeight: 800, lineHeight: 1.05, letterSpacing: size === 'A5' ? 6 : 2, margin: `${L.gap}px 0`, whiteSpace: 'nowrap' }}
        >
          {displayQueueNumber(w.queueNo, i18n.language)}
        </div>
        <div style={{ fontSize: L.zone, fontWeight: 700 }} data-testid="slip-zone">
          {t('intake.slip.goTo', { route: t(`intake.routes.${w.route}`) })}
        </div>
        <div style={dashed} />
        <div style={{ textAlign: 'left', padding: size === 'A5' ? '0 8mm' : 0 }}>
          <div style={row}>
            <span>{t('intake.slip.visitor')}</span>
            <span style={{ fontWeight: 600, textAlign: 'right', wordBreak: 'break-all' }} data-testid="slip-name">
              {w.visitorName}
            </span>
          </div>
          <div style={row}>
            <span>{t('intake.slip.purpose')}</span>
            <span style={{ textAlign: 'right' }}>{t(`intake.purposes.${w.purpose}`)}</span>
          </div>
          <div style={row}>
            <span>{t('intake.slip.arrivedAt')}</span>
            <span style={{ textAlign: 'right' }} data-testid="slip-time">
              {localDateTime(w.arrivedAt, me.timeZone)}
            </span>
          </div>
        </div>
        <div style={dashed} />
        <div style={{ fontSize: size === 'A5' ? L.base + 4 : L.base + 1, fontWeight: 700, margin: `${L.gap}px 0` }}>{t('intake.slip.wait')}</div>
        <div style={dashed} />
        <div style={{ fontSize: L.base, fontWeight: 600 }}>{t('intake.slip.dutyPhones')}</div>
        <div style={{ display: 'flex', flexWrap: 'wrap', justifyContent: 'center', gap: L.gap * 2, marginTop: L.gap }}>
          {phones.map((p) => (
            <div key={`${p.label}-${p.number}`} style={{ textAlign: 'center', breakInside: 'avoid' }} data-testid="slip-phone">
              <QrCode value={`tel:${p.number}`} size={phones.length > 2 ? L.qrMany : L.qr} title={`${p.label} ${p.number}`} />
              {ownPhoneLabel(p.label, t('intake.slip.dutyPhones'), t) && <div style={{ fontSize: L.base - 1 }}>{p.label}</div>}
              <div style={{ fontSize: L.base + 2, fontWeight: 700 }}>{p.number}</div>
            </div>
          ))}
        </div>
        <div style={{ fontSize: L.base - 2, marginTop: L.gap }}>{t('intake.slip.scan')}</div>
        <div style={dashed} />
        <div style={{ fontSize: L.base - 2 }}>{t('intake.slip.keep')}</div>
      </div>
    );
  }

  return (
    <PrintFrame pageSize={size} path={path} ready={Boolean(walkIn.data && station.data)}>
      {body}
    </PrintFrame>
  );
};
