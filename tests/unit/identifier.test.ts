import { describe, expect, it } from 'vitest';
import { halfWidth, normaliseIdentifier } from '../../src/shared/checks/identifier.js';
import { residentInput } from '../../src/shared/collection/contract.js';
import { walkInInput } from '../../src/shared/intake/contract.js';
import { partyInput } from '../../src/shared/mediation/contract.js';
import { patrolVolunteerSave } from '../../src/shared/patrol/contract.js';

// what a Chinese input method in full-width mode types: digits, X, ＋ and the ideographic space
const FULL_ID = '１１０１０５　１９４９１２３１　００２Ｘ';
const FULL_MOBILE = '＋８６　１３９１２３４５６７８';

describe('identifiers typed in full width', () => {
  it('fold to half width, without spaces or dashes, letters capital', () => {
    expect(halfWidth('１２３ＡＢｘ－')).toBe('123ABx-');
    expect(normaliseIdentifier(FULL_ID)).toBe('11010519491231002X');
    expect(normaliseIdentifier(' 110105-19491231-002x ')).toBe('11010519491231002X');
  });

  it('are accepted at the front desk and kept half-width, ID number and mobile', () => {
    const r = walkInInput.safeParse({ visitorName: '张三', idType: 'resident', idNumber: FULL_ID, phone: FULL_MOBILE, purpose: 'dispute', route: 'mediation' });
    expect(r.success).toBe(true);
    expect(r.data).toMatchObject({ idNumber: '11010519491231002X', phone: '13912345678' });
  });

  it('are accepted the same way by the other zones that take an ID number or a mobile', () => {
    const resident = residentInput.safeParse({ name: '张三', idType: 'resident', idNumber: FULL_ID, phone: FULL_MOBILE, category: 'registered' });
    expect(resident.data).toMatchObject({ idNumber: '11010519491231002X', phone: '13912345678' });
    const party = partyInput.safeParse({ name: '张三', idType: 'resident', idNumber: FULL_ID, phone: FULL_MOBILE, role: 'applicant' });
    expect(party.data).toMatchObject({ idNumber: '11010519491231002X', phone: '13912345678' });
    const volunteer = patrolVolunteerSave.input.safeParse({ name: '李四', phone: '１３９－１２３４－５６７８' });
    expect(volunteer.data).toMatchObject({ phone: '13912345678' });
  });

  it('still refuses a wrong check character or letters in a mobile, whatever the width', () => {
    expect(walkInInput.safeParse({ visitorName: '张三', idNumber: '１１０１０５１９４９１２３１００２１', purpose: 'dispute', route: 'mediation' }).success).toBe(false);
    expect(walkInInput.safeParse({ visitorName: '张三', idType: 'none', phone: '１３９ＡＢＣ', purpose: 'dispute', route: 'mediation' }).success).toBe(false);
  });
});
