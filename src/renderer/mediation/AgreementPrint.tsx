import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { mediationAgreementDocument, mediationGet } from '../../shared/mediation/contract.js';
import type { AgreementDocument } from '../../shared/mediation/agreement.js';
import { stationGet } from '../../shared/station/contract.js';
import { errorText } from '../app/i18n.js';
import { PrintFrame } from '../app/PrintFrame.js';
import { useMethod } from '../app/query.js';
import { agreementPath, noticePath } from './common.js';
import './print.css';
import type { Names } from '../app/resources.js';

/** One copy of the agreement; every copy has the same content, marked "第 N 份 共 M 份". */
const AgreementCopy = ({ doc, n }: { doc: AgreementDocument; n: number }) => {
  const { t } = useTranslation();
  const copy = doc.copies[n];
  return (
    <section className="med-copy med-doc med-agreement" data-testid={`agreement-copy-${n + 1}`}>
      <h1 data-testid="agreement-title">{doc.title}</h1>
      <div className="med-meta">
        <span>{t('mediation.agreementPrint.caseNo', { caseNo: doc.caseNo, lng: 'zh-CN' })}</span>
        <span data-testid="agreement-copy-label">
          {t('mediation.agreementPrint.copy', { n: n + 1, m: doc.copies.length, lng: 'zh-CN' })}（{copy.label}）
        </span>
      </div>
      {doc.parties.map((p) => (
        <div className="med-party" key={p.partyId} data-testid="agreement-party">
          <div>
            <strong>
              {p.roleLabel}：{p.name}
            </strong>
          </div>
          <div>
            {p.idNumber ? `${p.idTypeLabel}：${p.idNumber}` : p.idTypeLabel}
            {p.phone ? `\u3000联系电话：${p.phone}` : ''}
          </div>
          {p.address && <div>住址：{p.address}</div>}
          {p.representative && <div>代理人：{p.representative}</div>}
        </div>
      ))}
      {doc.sections.map((s) => (
        <div key={s.heading}>
          <h2>{s.heading}</h2>
          <p className="med-text">{s.text}</p>
        </div>
      ))}
      <p className="med-text" style={{ marginTop: 6 }}>
        {doc.effectNotice}
      </p>
      <div className="med-notice" data-testid="agreement-judicial">
        {doc.judicialConfirmation.notice}
      </div>
      {/* the signatures and the seal are one block: a page break never leaves the seal on a sheet of its own */}
      <div className="med-signoff" data-testid="agreement-signoff">
        <div className="med-signs">
          {doc.signatures.map((s, i) => (
            <div className="med-sign" key={i}>
              <div className="med-sign-body">
                <div style={{ fontSize: 12 }}>{s.label}</div>
                <div style={{ marginTop: 16 }}>{s.name}</div>
              </div>
              {s.fingerprint && <div className="med-finger">指印</div>}
            </div>
          ))}
        </div>
        <div className="med-seal">
          <div className="med-seal-box">
            <div>{doc.committee}</div>
            <div style={{ fontSize: 12, color: '#666' }}>（调解委员会印章）</div>
            <div>{doc.agreedDate}</div>
          </div>
        </div>
      </div>
    </section>
  );
};

/** The 调解协议书: a Chinese legal form whatever the screen's language, one copy per party plus one for the file. */
export const AgreementPrint = () => {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const doc = useMethod(mediationAgreementDocument, { id });
  let body;
  if (doc.error) body = <Result status="warning" title={errorText(t, doc.error)} />;
  else if (!doc.data) body = <Spin tip={t('mediation.agreementPrint.loading')} />;
  else body = doc.data.copies.map((_, n) => <AgreementCopy key={n} doc={doc.data} n={n} />);
  return (
    <PrintFrame pageSize="A4" path={agreementPath(id)} ready={Boolean(doc.data)}>
      {body}
    </PrintFrame>
  );
};

/** 人民调解当事人权利义务告知书: one A4 sheet per party, to keep. */
export const RightsNoticePrint = () => {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const c = useMethod(mediationGet, { id });
  const station = useMethod(stationGet, {});
  const list = (key: 'mediation.notice.rights' | 'mediation.notice.duties') => t(key, { returnObjects: true, lng: 'zh-CN' }) as unknown as string[];
  const zh = (key: Exclude<Names<'mediation.notice'>, 'rights' | 'duties'>) => t(`mediation.notice.${key}`, { lng: 'zh-CN' });
  let body;
  if (c.error || station.error) body = <Result status="warning" title={errorText(t, c.error ?? station.error)} />;
  else if (!c.data || !station.data) body = <Spin />;
  else {
    const committee = `${station.data.community}人民调解委员会`;
    const parties = c.data.parties.length ? c.data.parties : [null];
    body = parties.map((p, i) => (
      <section className="med-copy med-doc" key={p?.id ?? i} data-testid="notice-copy">
        <h1 style={{ fontSize: 20, letterSpacing: 2 }}>{zh('title')}</h1>
        <div className="med-meta">
          <span>{t('mediation.agreementPrint.caseNo', { caseNo: c.data.caseNo, lng: 'zh-CN' })}</span>
          <span>{committee}</span>
        </div>
        <p>
          {zh('to')}
          <strong>{p?.name ?? '＿＿＿＿＿＿'}</strong>
        </p>
        <p className="med-text">{zh('intro')}</p>
        <h2>{zh('rightsTitle')}</h2>
        {list('mediation.notice.rights').map((r, k) => (
          <p className="med-text" key={k}>
            {k + 1}. {r}
          </p>
        ))}
        <h2>{zh('dutiesTitle')}</h2>
        {list('mediation.notice.duties').map((r, k) => (
          <p className="med-text" key={k}>
            {k + 1}. {r}
          </p>
        ))}
        <h2>{zh('effectTitle')}</h2>
        <p className="med-text">{zh('effect')}</p>
        <p style={{ marginTop: 24 }}>{zh('signHere')}</p>
        <div className="med-signs">
          <div className="med-sign">
            <div className="med-sign-body">{zh('partySign')}</div>
            <div className="med-finger">指印</div>
          </div>
          <div className="med-sign">
            <div className="med-sign-body">
              {zh('date')}
              <div style={{ marginTop: 24 }}>{committee}</div>
            </div>
          </div>
        </div>
      </section>
    ));
  }
  return (
    <PrintFrame pageSize="A4" path={noticePath(id)} ready={Boolean(c.data && station.data)}>
      {body}
    </PrintFrame>
  );
};
