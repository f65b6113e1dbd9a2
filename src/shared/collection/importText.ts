import type { ImportField } from './contract.js';
import { RESIDENT_CODED_FIELDS, type CodedField, type ResidentCodes } from './model.js';

/**
 * Column headers grid workers' sheets use for each field (the common wordings of 一标三实 forms);
 * a header is matched after removing spaces, case-insensitively.
 */
export const HEADER_SYNONYMS: Record<ImportField, readonly string[]> = {
  name: ['姓名', '名字', '人员姓名', 'name'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证', 'idnumber', 'id'],
  phone: ['联系电话', '手机号', '手机号码', '电话', '联系方式', 'phone', 'mobile'],
  ethnicity: ['民族', 'ethnicity'],
  hukouPlace: ['户籍地', '户籍地址', '户籍所在地', 'hukou', 'hukouplace'],
  address: ['现住址', '居住地址', '地址', '住址', '实际居住地址', '标准地址', 'address'],
  category: ['人员类别', '类别', '人口类别', 'category'],
  relationToHead: ['与户主关系', '关系', 'relation', 'relationtohead'],
  arrivedOn: ['来本地日期', '入住日期', '到达日期', '登记日期', '来本址日期', 'arrivedon', 'arrival'],
  employer: ['工作单位', '服务处所', '单位', 'employer'],
  ...(Object.fromEntries(
    Object.entries(RESIDENT_CODED_FIELDS as Record<string, CodedField>).map(([field, f]) => [field, [f.label.zh, f.label.en, field.toLowerCase()]]),
  ) as unknown as Record<keyof ResidentCodes, readonly string[]>),
};

/** A coded field's cell, by its code or its name in either language (`大学本科`, `20`, `Bachelor`); null when it is neither. */
export const codeOfCell = (field: CodedField, cell: string): string | null => {
  const v = cell.replace(/\s+/g, '').toLowerCase();
  return field.codes.find((c) => c.code === v || c.zh === v || c.en.replace(/\s+/g, '').toLowerCase() === v)?.code ?? null;
};

/** The values sheets use for a person's category and relation, mapped onto the model's keys. */
export const CATEGORY_WORDS: Record<string, 'registered' | 'resident' | 'floating' | 'foreign'> = {
  户籍: 'registered', 户籍人口: 'registered', registered: 'registered',
  常住: 'resident', 常住人口: 'resident', 寄住: 'resident', resident: 'resident',
  流动: 'floating', 流动人口: 'floating', 暂住: 'floating', floating: 'floating',
  境外: 'foreign', 境外人员: 'foreign', 外籍: 'foreign', foreign: 'foreign',
};

export const RELATION_WORDS: Record<string, 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'grandparent' | 'sibling' | 'otherRelative' | 'nonRelative'> = {
  户主: 'head', 本人: 'head', 配偶: 'spouse', 妻: 'spouse', 夫: 'spouse', 妻子: 'spouse', 丈夫: 'spouse',
  子: 'child', 女: 'child', 子女: 'child', 儿子: 'child', 女儿: 'child', 长子: 'child', 长女: 'child', 次子: 'child', 次女: 'child',
  父亲: 'parent', 母亲: 'parent', 父母: 'parent', 孙子: 'grandchild', 孙女: 'grandchild', 孙子女: 'grandchild',
  祖父: 'grandparent', 祖母: 'grandparent', 祖父母: 'grandparent', 兄: 'sibling', 弟: 'sibling', 姐: 'sibling', 妹: 'sibling', 兄弟姐妹: 'sibling',
  其他亲属: 'otherRelative', 非亲属: 'nonRelative', 租客: 'nonRelative',
};

/** The reason of a rejected row in the workbook sent back to the grid worker (a Chinese form). */
export const REASONS_ZH: Record<string, string> = {
  required: '必填项为空',
  tooLong: '内容过长',
  invalidOption: '取值不在可选范围内',
  characters: '含有不允许的字符',
  'idNumber.length': '身份证号码应为 18 位（或旧版 15 位）',
  'idNumber.characters': '身份证号码只能包含数字，最后一位可为 X',
  'idNumber.province': '身份证号码的地区代码不存在',
  'idNumber.birthDate': '身份证号码中的出生日期不存在',
  'idNumber.futureBirthDate': '身份证号码中的出生日期晚于今天',
  'idNumber.checksum': '身份证号码校验位错误',
  'phone.characters': '手机号码只能包含数字',
  'phone.mobile': '手机号码应为 11 位，以 13–19 开头',
  'collection.import.idAsNumber': '身份证号码被 Excel 存成了数字，后几位已丢失，请把该列设为文本后重填',
  'collection.import.unknownAddress': '地址在本警务室的标准地址中找不到',
  'collection.import.ambiguousAddress': '地址不完整，能对应多个房间',
  'collection.import.notRoom': '现住址须写到房间（如 3栋2单元501）',
  'collection.import.duplicateInFile': '与第 {{row}} 行身份证号码相同，重复填报',
  'collection.import.idClaimedTwice': '与第 {{row}} 行身份证号码相同但姓名不同',
  'collection.import.badDate': '日期无法识别',
  'collection.import.movedOut': '此人已登记迁出，请在系统中核实',
};

export const reasonZh = (key: string, params?: Record<string, string | number>) =>
  (REASONS_ZH[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, p: string) => String(params?.[p] ?? ''));
