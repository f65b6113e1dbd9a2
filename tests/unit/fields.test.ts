import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, WalkIn } from '../../src/shared/intake/contract.js';
import { ok, setUpStation, sql, walkIn, type TestStation } from '../helpers/station.js';

describe('validation errors of a walk-in registration', () => {
  let st: TestStation;
  const register = (input: Record<string, unknown>) => st.core.call('intake.register', input, { token: st.token });
  const registered = (input: Record<string, unknown>) => ok<WalkIn>(register(input));
  const get = (id: string) => ok<WalkIn>(st.core.call('intake.get', { id }, { token: st.token }));

  beforeAll(async () => {
    st = await setUpStation();
  });
  afterAll(() => st.close());

  it('a name of 10,000 characters: VALIDATION on visitorName, tooLong, max 50', async () => {
    const r = await register(walkIn({ visitorName: '张'.repeat(10_000) }));
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        key: 'tooLong',
        field: 'visitorName',
        params: { max: 50 },
        fields: [{ field: 'visitorName', key: 'tooLong', params: { max: 50 } }],
      },
    });
  });

  it('an empty or blank name: required', async () => {
    for (const visitorName of ['', '   ', '\t']) {
      const r = await register(walkIn({ visitorName }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatchObject({ code: 'VALIDATION', key: 'required', field: 'visitorName' });
    }
  });

  it('a missing name: required; a number for a name: invalidType', async () => {
    const { visitorName: _omit, ...noName } = walkIn();
    expect(await register(noName)).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'required', field: 'visitorName' } });
    expect(await register(walkIn({ visitorName: 42 }))).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'visitorName' } });
  });

  it('a name with a line break or a control character: characters', async () => {
    for (const visitorName of ['张\n三', '张\u0000三', '张\u001b[31m三']) {
      expect(await register(walkIn({ visitorName }))).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', key: 'characters', field: 'visitorName' },
      });
    }
  });

  it('stores markup and SQL as plain text and gives it back verbatim', async () => {
    const texts = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      "'; DROP TABLE walk_in;--",
      'Robert"); DELETE FROM staff; --',
    ];
    const ids: string[] = [];
    for (const visitorName of texts) {
      const w = await registered(walkIn({ visitorName, note: `备注 ${visitorName}` }));
      expect(w.visitorName).toBe(visitorName);
      ids.push(w.id);
    }
    for (const [i, id] of ids.entries()) {
      const w = await get(id);
      expect(w.visitorName).toBe(texts[i]);
      expect(w.note).toBe(`备注 ${texts[i]}`);
    }
    const board = await ok<Board>(st.core.call('intake.board', {}, { token: st.token }));
    for (const t of texts) expect(board.walkIns.map((w) => w.visitorName)).toContain(t);
    // the tables are all still there, and so are the rows
    const [{ n }] = await sql<{ n: number }>(st, 'SELECT COUNT(*) AS n FROM walk_in WHERE id IN (?, ?, ?, ?)', ids);
    expect(n).toBe(4);
    expect((await sql(st, 'SELECT id FROM staff')).length).toBeGreaterThan(0);
    // and a search by the same text is a prefix search, not SQL
    const found = await ok<{ walkIns: WalkIn[] }>(st.core.call('intake.search', { name: "'; DROP" }, { token: st.token }));
    expect(found.walkIns.map((w) => w.visitorName)).toEqual(["'; DROP TABLE walk_in;--"]);
  });

  it('accepts emoji and characters outside the BMP, counting 𠮷 as one character', async () => {
    const emoji = await registered(walkIn({ visitorName: '王😀小明' }));
    expect(emoji.visitorName).toBe('王😀小明');
    const fifty = '𠮷'.repeat(50); // 100 UTF-16 code units, 50 characters
    expect(fifty.length).toBe(100);
    const w = await registered(walkIn({ visitorName: fifty }));
    expect((await get(w.id)).visitorName).toBe(fifty);
    expect(await register(walkIn({ visitorName: '𠮷'.repeat(51) }))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'tooLong', field: 'visitorName', params: { max: 50 } },
    });
    // the other scripts a visitor's name comes in
    for (const visitorName of ['阿依古丽·买买提', 'Nguyễn Văn An', 'O\'Brien-Smith', 'Ванов']) {
      expect((await registered(walkIn({ visitorName }))).visitorName).toBe(visitorName);
    }
  });

  it('trims the name', async () => {
    expect((await registered(walkIn({ visitorName: '  赵六  ' }))).visitorName).toBe('赵六');
  });

  it('rejects an unknown extra field', async () => {
    const r = await register(walkIn({ isAdmin: true }));
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'unknownField' } });
  });

  it('a wrong check digit: field idNumber, key idNumber.checksum', async () => {
    expect(await register(walkIn({ idNumber: '110105194912310021' }))).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION',
        key: 'idNumber.checksum',
        field: 'idNumber',
        fields: [{ field: 'idNumber', key: 'idNumber.checksum' }],
      },
    });
  });

  it('other ID problems carry their own key', async () => {
    const cases: [string, string][] = [
      ['11010519491231002', 'idNumber.length'],
      ['11010519491231002A', 'idNumber.characters'],
      ['990105194912310027', 'idNumber.province'],
      ['110105199002300012', 'idNumber.birthDate'],
    ];
    for (const [idNumber, key] of cases) {
      expect(await register(walkIn({ idNumber })), idNumber).toMatchObject({ ok: false, error: { code: 'VALIDATION', key, field: 'idNumber' } });
    }
    expect(await register(walkIn({ idNumber: '' }))).toMatchObject({ ok: false, error: { key: 'required', field: 'idNumber' } });
  });

  it("idType 'none' with a number: idNumber.typeNone; without one it is accepted", async () => {
    expect(await register(walkIn({ idType: 'none', idNumber: '11010519491231002X' }))).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', key: 'idNumber.typeNone', field: 'idNumber' },
    });
    const w = await registered(walkIn({ idType: 'none', idNumber: null, visitorName: '无证件' }));
    expect(w).toMatchObject({ idType: 'none', idNumberMasked: null, age: null, sex: null });
  });

  it('stores a lower-case x upper-case, and a 15-digit number converted', async () => {
    const x = await registered(walkIn({ idNumber: '11010519491231002x' }));
    expect(x.idNumberMasked).toBe('1101**********002X');
    const legacy = await registered(walkIn({ idNumber: '110105491231002' }));
    expect(legacy.idNumberMasked).toBe('1101**********002X');
    // born 1949-12-31: 76 on the test station's day (2026-11-28); the birth date itself is not in lists
    expect(legacy.age).toBe(76);
    expect(legacy).not.toHaveProperty('birthDate');
  });

  it('checks a passport for shape only, upper-cases it, folds away spaces and full width, and reads no birth date from it', async () => {
    const w = await registered(walkIn({ idType: 'passport', idNumber: 'e12345678' }));
    expect(w).toMatchObject({ idType: 'passport', age: null, sex: null });
    const [row] = await sql<{ idNumber: string }>(st, 'SELECT "idNumber" FROM walk_in WHERE id = ?', [w.id]);
    expect(row.idNumber).toBe('E12345678');
    // spaces and full-width characters from an input method are the same number, as in collection
    const spaced = await registered(walkIn({ idType: 'passport', idNumber: 'Ｅ1234 5678' }));
    const [spacedRow] = await sql<{ idNumber: string }>(st, 'SELECT "idNumber" FROM walk_in WHERE id = ?', [spaced.id]);
    expect(spacedRow.idNumber).toBe('E12345678');
    expect(await register(walkIn({ idType: 'passport', idNumber: 'E1234#5678' }))).toMatchObject({
      ok: false,
      error: { key: 'idNumber.document', field: 'idNumber' },
    });
  });

  it('an unknown idType, purpose or route: invalidOption on that field', async () => {
    expect(await register(walkIn({ idType: 'driverLicence' }))).toMatchObject({ ok: false, error: { key: 'invalidOption', field: 'idType' } });
    expect(await register(walkIn({ purpose: 'chat' }))).toMatchObject({ ok: false, error: { key: 'invalidOption', field: 'purpose' } });
    expect(await register(walkIn({ route: 'kitchen' }))).toMatchObject({ ok: false, error: { key: 'invalidOption', field: 'route' } });
  });

  it('a bad phone: phone.characters or phone.mobile on field phone; an empty phone means none', async () => {
    expect(await register(walkIn({ phone: '139abc45678' }))).toMatchObject({ ok: false, error: { key: 'phone.characters', field: 'phone' } });
    expect(await register(walkIn({ phone: '139123456789' }))).toMatchObject({ ok: false, error: { key: 'phone.mobile', field: 'phone' } });
    const w = await registered(walkIn({ phone: '  ', visitorName: '无电话' }));
    expect(w.phoneMasked).toBeNull();
  });

  it('reports every bad field at once in fields', async () => {
    const r = await register(walkIn({ visitorName: '', phone: 'abc', purpose: 'chat' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION');
      expect(r.error.fields?.map((f) => f.field).sort()).toEqual(['phone', 'purpose', 'visitorName']);
    }
  });

  it('a staff member without a mobile: required, not a complaint about characters', async () => {
    const r = await st.core.call(
      'staff.create',
      { name: '新人', username: 'newbie', role: 'auxiliary', phone: '', initialPassword: 'Initial2026' },
      { token: st.token },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', key: 'required', field: 'phone' } });
  });

  it('a weak or short password: its own key and field', async () => {
    const base = { name: '新人', username: 'newbie', role: 'auxiliary', phone: '13700000001' };
    const call = (initialPassword: string) => st.core.call('staff.create', { ...base, initialPassword }, { token: st.token });
    expect(await call('Ab1')).toMatchObject({ ok: false, error: { key: 'password.tooShort', field: 'initialPassword', params: { min: 8 } } });
    expect(await call('onlyletters')).toMatchObject({ ok: false, error: { key: 'password.weak', field: 'initialPassword' } });
    expect(await call('12345678')).toMatchObject({ ok: false, error: { key: 'password.weak', field: 'initialPassword' } });
  });
});
