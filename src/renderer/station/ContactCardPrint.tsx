import { Result, Spin } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { stationContactCard } from '../../shared/station/contract.js';
import { errorText } from '../app/i18n.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { QrCode } from '../app/QrCode.js';
import { useMethod } from '../app/query.js';
import './contactCard.css';

/** 13812345678 → 138 1234 5678, easier to read off a notice board; other numbers as stored. */
export const spacedPhone = (number: string): string =>
  /^1\d{10}$/.test(number) ? `${number.slice(0, 3)} ${number.slice(3, 7)} ${number.slice(7)}` : number;

const plain = (s: string) => s.replace(/[\s\u3000]/g, '').toLowerCase();

/**
 * A duty phone's label as printed under a heading: none when it only repeats the heading (the label
 * every new phone starts with, in either language, or words the heading already says), so a sheet
 * does not read 值班电话 / 值班电话.
 */
export const ownPhoneLabel = (label: string, heading: string, t: TFunction): string | null => {
  const own = plain(label);
  const defaults = ['zh-CN', 'en'].map((lng) => plain(t('station.profile.phoneLabelDefault', { lng })));
  return !own || defaults.includes(own) || plain(heading).includes(own) ? null : label;
};

/**
 * The station's contact card for the notice board (公示栏), A4: the station, its community
 * officer(s) with their phones, the 24-hour duty phone(s) with a QR code to call, the address.
 * `?officer=<id>` names one officer; without it every active officer is listed.
 */
export const ContactCardPrint = () => {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const officerId = params.get('officer');
  const card = useMethod(stationContactCard, {});
  const path = officerId ? `/print/contact-card?officer=${encodeURIComponent(officerId)}` : '/print/contact-card';

  if (card.isPending || card.error) {
    return (
      <PrintFrame pageSize="A4" path={path} ready={false}>
        {card.error ? (
          <Result status="error" title={errorText(t, card.error)} />
        ) : (
          <div style={{ padding: 48, textAlign: 'center' }}>
            <Spin description={t('station.card.loading')} />
          </div>
        )}
      </PrintFrame>
    );
  }
  const data = card.data;
  const chosen = officerId ? data.officers.filter((o) => o.id === officerId) : [];
  const officers = chosen.length > 0 ? chosen : data.officers;
  const [firstDuty] = data.dutyPhones;

  return (
    <PrintFrame pageSize="A4" path={path}>
      <article className="cc-card" data-testid="contact-card">
        <div className="cc-kicker">{t('station.card.kicker')}</div>
        <h1 className="cc-station">{data.stationName}</h1>
        <div className="cc-area">{t('station.card.areaLine', { policeArea: data.policeArea, community: data.community })}</div>

        <hr className="cc-rule" />
        <section aria-label={t('station.card.officerHeading')}>
          <div className="cc-heading">{t('station.card.officerHeading')}</div>
          {officers.length === 0 && <div className="cc-none">{t('station.card.officerNone')}</div>}
          {officers.map((o) => (
            <div className="cc-officer" key={o.id} data-testid="contact-card-officer">
              <span className="cc-officer-name">{o.name}</span>
              {o.phone && <span className="cc-officer-phone">{spacedPhone(o.phone)}</span>}
            </div>
          ))}
        </section>

        <hr className="cc-rule" />
        <section aria-label={t('station.card.dutyHeading')}>
          <div className="cc-heading">{t('station.card.dutyHeading')}</div>
          <div className="cc-duty">
            <div className="cc-phones">
              {data.dutyPhones.map((d, i) => (
                <div className="cc-phone" key={i} data-testid="contact-card-duty-phone">
                  {ownPhoneLabel(d.label, t('station.card.dutyHeading'), t) && <div className="cc-phone-label">{d.label}</div>}
                  <div className="cc-phone-number">{spacedPhone(d.number)}</div>
                </div>
              ))}
            </div>
            {firstDuty && (
              <div className="cc-qr">
                <QrCode value={`tel:${firstDuty.number}`} size={150} title={t('station.card.scan')} />
                {t('station.card.scan')}
              </div>
            )}
          </div>
        </section>

        <hr className="cc-rule" />
        <div className="cc-address">
          <span className="cc-address-label">{t('station.card.addressLabel')}</span>
          {data.address}
        </div>

        <footer className="cc-footer">
          <div className="cc-slogan">{t('station.card.slogan')}</div>
          <div className="cc-emergency">{t('station.card.emergency')}</div>
        </footer>
      </article>
    </PrintFrame>
  );
};
