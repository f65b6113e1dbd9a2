/** The LAN terminals page's strings: zh-CN first, English with the same keys. */
export const zh = {
  title: '局域网终端',
  intro: '其他电脑通过局域网使用工作台时，只能用 HTTPS 访问，且必须先由负责人配对。请在对方浏览器中核对证书指纹与下方一致。',
  fingerprint: '证书指纹（SHA-256）',
  noCertificate: '尚未生成：首次以 --host 在局域网上启动浏览器模式时自动生成。',
  name: '终端名称',
  start: '生成配对码',
  code: '配对码：{{code}}（{{minutes}} 分钟内有效，只能使用一次）',
  columns: { name: '终端', pairedAt: '配对时间', lastSeenAt: '最近使用', address: '地址', state: '状态' },
  waiting: '等待输入配对码',
  revoked: '已撤销',
  active: '已配对',
  revoke: '撤销',
};
export const en: typeof zh = {
  title: 'LAN terminals',
  intro: 'Other PCs use the desk over the LAN by HTTPS only, and only once the head has paired them. Check in their browser that the certificate fingerprint matches the one below.',
  fingerprint: 'Certificate fingerprint (SHA-256)',
  noCertificate: 'Not made yet: it is made when browser mode is first started on the LAN with --host.',
  name: 'Terminal name',
  start: 'Make a pairing code',
  code: 'Pairing code: {{code}} (valid for {{minutes}} minutes, once)',
  columns: { name: 'Terminal', pairedAt: 'Paired', lastSeenAt: 'Last used', address: 'Address', state: 'State' },
  waiting: 'Waiting for the code',
  revoked: 'Revoked',
  active: 'Paired',
  revoke: 'Revoke',
};
