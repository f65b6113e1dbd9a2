/**
 * The written mediation agreement (调解协议书, 人民调解法 Art. 29): generated from the case as text
 * data, so the print view only lays it out (and React prints it as text, whatever it contains).
 * The document is a Chinese legal form whatever language the screen is in.
 */
import type { IdType } from '../checks/idNumber.js';
import { judicialConfirmationDeadline, JUDICIAL_CONFIRMATION_DAYS, type PartyRole } from './model.js';

export const PARTY_ROLE_LABEL: Record<PartyRole, string> = { applicant: '申请人', respondent: '被申请人', thirdParty: '第三人' };

export const ID_TYPE_LABEL: Record<IdType, string> = {
  resident: '居民身份证',
  passport: '护照',
  hkMacauPermit: '港澳居民来往内地通行证',
  taiwanPermit: '台湾居民来往大陆通行证',
  foreignPermanentResident: '外国人永久居留身份证',
  none: '未出示证件',
};

export interface AgreementSource {
  caseNo: string;
  /** the community, whose people's mediation committee seals the agreement */
  community: string;
  facts: string;
  matters: string | null;
  parties: {
    id: string;
    role: PartyRole;
    name: string;
    idType: IdType;
    /** in full for a reader who may see it (the agreement is a legal document), else masked */
    idNumber: string | null;
    phone: string | null;
    address: string | null;
    representative: string | null;
  }[];
  mediators: { name: string; organisation: string | null }[];
  agreement: {
    liability: string | null;
    terms: string;
    performanceMethod: string | null;
    performancePlace: string | null;
    performanceDueDate: string | null;
    /** local date of signing */
    agreedDate: string;
  };
}

export interface AgreementParty {
  partyId: string;
  role: PartyRole;
  roleLabel: string;
  name: string;
  idTypeLabel: string;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
  representative: string | null;
}

export interface AgreementSection {
  heading: string;
  text: string;
}

export type AgreementCopy = { holder: 'party'; partyId: string; label: string } | { holder: 'file'; label: string };

export type SignatureBox =
  | { kind: 'party'; partyId: string; label: string; name: string; fingerprint: true }
  | { kind: 'mediator'; label: string; name: string; fingerprint: false };

export interface AgreementDocument {
  title: string;
  caseNo: string;
  /** the committee whose seal goes in the seal area */
  committee: string;
  agreedDate: string;
  parties: AgreementParty[];
  sections: AgreementSection[];
  performance: { method: string | null; place: string | null; dueDate: string | null };
  judicialConfirmation: { days: number; deadline: string; notice: string };
  /** one copy per party and one for the file, each printed with the same content */
  copies: AgreementCopy[];
  signatures: SignatureBox[];
  effectNotice: string;
}

const committeeOf = (src: AgreementSource): string =>
  src.mediators.map((m) => m.organisation).find((o): o is string => !!o && o.includes('调解委员会')) ?? `${src.community}人民调解委员会`;

/** Builds the agreement's printable content from the case; the same input gives the same document. */
export const agreementDocument = (src: AgreementSource): AgreementDocument => {
  const deadline = judicialConfirmationDeadline(src.agreement.agreedDate);
  const committee = committeeOf(src);
  const parties: AgreementParty[] = src.parties.map((p) => ({
    partyId: p.id,
    role: p.role,
    roleLabel: PARTY_ROLE_LABEL[p.role],
    name: p.name,
    idTypeLabel: ID_TYPE_LABEL[p.idType],
    idNumber: p.idNumber,
    phone: p.phone,
    address: p.address,
    representative: p.representative,
  }));
  const a = src.agreement;
  const performanceText = [
    a.performanceMethod ? `履行方式：${a.performanceMethod}` : null,
    a.performancePlace ? `履行地点：${a.performancePlace}` : null,
    a.performanceDueDate ? `履行期限：${a.performanceDueDate}前` : null,
  ]
    .filter((s): s is string => s !== null)
    .join('\n');
  const sections: AgreementSection[] = [
    { heading: '纠纷主要事实', text: src.facts },
    ...(src.matters ? [{ heading: '争议事项', text: src.matters }] : []),
    ...(a.liability ? [{ heading: '责任认定', text: a.liability }] : []),
    { heading: '经调解，自愿达成如下协议', text: a.terms },
    ...(performanceText ? [{ heading: '履行方式、地点、期限', text: performanceText }] : []),
  ];
  const notice = `双方当事人可以自本协议生效之日起${JUDICIAL_CONFIRMATION_DAYS}日内（即${deadline}前）共同向人民法院申请司法确认。`;
  return {
    title: '人民调解协议书',
    caseNo: src.caseNo,
    committee,
    agreedDate: a.agreedDate,
    parties,
    sections,
    performance: { method: a.performanceMethod, place: a.performancePlace, dueDate: a.performanceDueDate },
    judicialConfirmation: { days: JUDICIAL_CONFIRMATION_DAYS, deadline, notice },
    copies: [
      ...parties.map((p): AgreementCopy => ({ holder: 'party', partyId: p.partyId, label: `${p.roleLabel}${p.name}收执` })),
      { holder: 'file', label: '调解委员会存档' },
    ],
    signatures: [
      ...parties.map((p): SignatureBox => ({ kind: 'party', partyId: p.partyId, label: `${p.roleLabel}（签名或按指印）`, name: p.name, fingerprint: true })),
      ...src.mediators.map((m): SignatureBox => ({ kind: 'mediator', label: '人民调解员（签名）', name: m.name, fingerprint: false })),
    ],
    effectNotice: `本协议一式${parties.length + 1}份，当事人各执一份，${committee}留存一份；自各方当事人签名（盖章或按指印）、人民调解员签名并加盖调解委员会印章之日起生效。`,
  };
};
