import { ok, residentId, type TestStation } from '../helpers/station.js';

/** A station's address tree down to one building: 宁江区 → 繁荣路 → 18号 → 繁荣小区 → 3栋. */
export const buildTree = async (st: TestStation, token = st.token) => {
  const call = <T = any>(method: string, input: unknown) => ok<T>(st.core.call(method, input, { token }));
  const division = await call('collection.addNode', { parentId: null, kind: 'division', name: '宁江区', code: '220702', grid: null, policeArea: '繁荣警务区' });
  const street = await call('collection.addNode', { parentId: division.id, kind: 'street', name: '繁荣路', code: '001' });
  const door = await call('collection.addNode', { parentId: street.id, kind: 'door', name: '18号' });
  const compound = await call('collection.addNode', { parentId: door.id, kind: 'compound', name: '繁荣小区', grid: '第三网格' });
  const building = await call('collection.addNode', { parentId: compound.id, kind: 'building', name: '3栋' });
  return { division, street, door, compound, building, call };
};

/** The room of a building by unit and number, from the building chart. */
export const roomOf = async (st: TestStation, buildingId: string, unit: string | null, room: string): Promise<string> => {
  const chart = await ok<any>(st.core.call('collection.chart', { buildingId }, { token: st.token }));
  for (const u of chart.units) {
    if (u.name !== unit) continue;
    for (const f of u.floors) for (const r of f.rooms) if (r.name === room) return r.id;
  }
  throw new Error(`no room ${unit} ${room}`);
};

/** A valid resident ID number from a division code, a birth date (YYYYMMDD) and a sequence number. */
export const idFor = (division: string, birth: string, seq: number) => residentId(`${division}${birth}${String(seq).padStart(3, '0')}`);

export const person = (over: Record<string, unknown> = {}) => ({
  name: '张三',
  idType: 'resident',
  idNumber: idFor('220702', '19850312', 11),
  ethnicity: '汉族',
  hukouPlace: '吉林省松原市宁江区',
  category: 'registered',
  phone: '13912345678',
  ...over,
});

/** A distinct valid ID number for each i (within a block of 900: birth day, month and sequence differ). */
export const numberOf = (i: number) =>
  idFor(
    String(220102 + Math.floor(i / 45000)),
    `19${String(50 + (Math.floor(i / 900) % 50)).padStart(2, '0')}${String(1 + (Math.floor(i / 30) % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`,
    100 + (i % 30) * 10 + 1,
  );
