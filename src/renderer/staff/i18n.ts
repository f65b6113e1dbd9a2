/** This zone's strings; app/i18n.ts puts every zone's catalog under the zone's name. */
export const zh = {
  title: '人员与账号',
  intro: '本警务室的民警、辅警、网格员和调解员的登录账号。人员不会被删除，离岗时请停用账号。',
  includeInactive: '显示已停用',
  add: '新增人员',
  columns: {
    name: '姓名',
    username: '登录名',
    role: '角色',
    phone: '手机号码',
    active: '状态',
    mustChange: '初始密码',
    lockedUntil: '登录锁定',
    actions: '操作',
  },
  activeYes: '在用',
  activeNo: '已停用',
  mustChangeYes: '待本人修改',
  mustChangeNo: '已修改',
  lockedUntil: '锁定至 {{time}}',
  notLocked: '—',
  you: '本人',
  empty: '暂无人员',
  edit: '编辑',
  resetPassword: '重置密码',
  create: {
    title: '新增人员',
    namePlaceholder: '姓名',
    usernamePlaceholder: '字母、数字，例如 zhangsan',
    phonePlaceholder: '11 位手机号码',
    passwordHint: '至少 8 位，须同时包含字母和数字。请当面告知本人，首次登录时须修改。',
    submit: '新增',
    done: '已新增{{name}}的账号',
  },
  update: {
    title: '编辑人员：{{name}}',
    activeHint: '停用后该账号无法登录，已登录的会话立即结束。',
    selfHint: '不能停用自己的账号，也不能取消自己的负责人角色。',
    done: '已保存{{name}}的信息',
  },
  reset: {
    title: '重置密码：{{name}}',
    intro: '为{{name}}（{{username}}）设置新的初始密码。该账号的登录锁定将解除，已登录的会话立即结束，本人下次登录时须修改密码。',
    submit: '重置密码',
    done: '已重置{{name}}的密码',
  },
};

export const en: typeof zh = {
  title: 'Staff and accounts',
  intro: 'The login accounts of this station’s officers, auxiliaries, grid workers and mediators. Staff are never deleted: deactivate the account of someone who leaves.',
  includeInactive: 'Show inactive',
  add: 'Add staff',
  columns: {
    name: 'Name',
    username: 'Login name',
    role: 'Role',
    phone: 'Mobile',
    active: 'Status',
    mustChange: 'Initial password',
    lockedUntil: 'Login lockout',
    actions: 'Actions',
  },
  activeYes: 'Active',
  activeNo: 'Inactive',
  mustChangeYes: 'Not yet changed',
  mustChangeNo: 'Changed',
  lockedUntil: 'Locked until {{time}}',
  notLocked: '—',
  you: 'You',
  empty: 'No staff yet',
  edit: 'Edit',
  resetPassword: 'Reset password',
  create: {
    title: 'Add staff',
    namePlaceholder: 'Name',
    usernamePlaceholder: 'Letters and digits, e.g. zhangsan',
    phonePlaceholder: '11-digit mobile number',
    passwordHint: 'At least 8 characters, with letters and digits. Tell the person face to face; they must change it at first login.',
    submit: 'Add',
    done: 'Account of {{name}} added',
  },
  update: {
    title: 'Edit staff: {{name}}',
    activeHint: 'An inactive account cannot log in; its open sessions end at once.',
    selfHint: 'You cannot deactivate your own account or drop your own head role.',
    done: 'Saved {{name}}',
  },
  reset: {
    title: 'Reset password: {{name}}',
    intro: 'Set a new initial password for {{name}} ({{username}}). A login lockout is lifted, open sessions end at once, and the password must be changed at the next login.',
    submit: 'Reset password',
    done: 'Password of {{name}} reset',
  },
};

/** The messages of the staff zone's refusals, under `errors.staff.` (keys in src/shared/staff/errors.ts). */
export const errorsZh = {
  notFound: '人员不存在',
  usernameTaken: '该登录名已被使用',
  keepOwnHead: '不能停用自己或取消自己的负责人角色',
};

export const errorsEn: typeof errorsZh = {
  notFound: 'No such staff member',
  usernameTaken: 'This login name is taken',
  keepOwnHead: 'You cannot deactivate yourself or drop your own head role',
};
