/** This zone's strings; app/i18n.ts puts every zone's catalog under the zone's name. */
export const zh = {
  screen: {
    subtitle: '社区警务室 · 前台 · 调解 · 采集 · 巡防',
    footer: '仅限本警务室工作人员使用，所有操作均记入审计日志',
  },
  login: {
    title: '登录',
    stationUnknown: '社区警务室',
    usernamePlaceholder: '登录名',
    passwordPlaceholder: '密码',
    submit: '登录',
    attemptsLeft: '再输错 {{left}} 次，账号将被锁定',
    forgot: '忘记密码或账号被锁定时，请联系警务室负责人重置密码。',
  },
  changePassword: {
    title: '修改密码',
    forcedTitle: '请先修改初始密码',
    forcedIntro: '您正在使用负责人为您设置的初始密码。为保护账号安全，请设置只有您自己知道的新密码，修改后即可使用工作台。',
    intro: '修改后，下次登录和解锁时请使用新密码；本账号在其他电脑或终端上的登录将被退出。',
    rule: '至少 8 位，须同时包含字母和数字',
    confirmPassword: '确认新密码',
    mismatch: '两次输入的新密码不一致',
    submit: '修改密码',
    done: '密码已修改',
    logout: '退出登录',
    signedInAs: '当前账号：{{name}}（{{username}}）',
  },
  lock: {
    title: '工作台已锁定',
    intro: '由于长时间没有操作，工作台已自动锁定，以免他人看到居民信息。',
    who: '{{name}}，请输入您的密码解锁',
    passwordPlaceholder: '密码',
    unlock: '解锁',
    logout: '不是我？退出登录',
  },
  failedAttempts: {
    title: '近 {{days}} 天的登录失败与配对尝试',
    total: '共 {{count}} 次',
    none: '没有失败的登录或配对尝试',
    desk: '警务室电脑',
    terminal: '终端“{{name}}”（{{address}}）',
    address: '未配对设备（{{address}}）',
    unknownAccount: '不存在的账号“{{account}}”',
    locked: '已锁定至 {{time}}',
    times: '{{count}} 次，最近 {{time}}',
    pairingPaused: '配对码输错过多，所有终端配对已暂停至 {{time}}',
    kinds: { login: '登录', unlock: '解锁', password: '密码确认', pairing: '配对码' },
  },
};

export const en: typeof zh = {
  screen: {
    subtitle: 'Community police station · front desk · mediation · collection · patrol',
    footer: 'For the staff of this station only; every action is recorded in the audit log',
  },
  login: {
    title: 'Log in',
    stationUnknown: 'Community police station',
    usernamePlaceholder: 'Login name',
    passwordPlaceholder: 'Password',
    submit: 'Log in',
    attemptsLeft: 'Attempts left before the account locks: {{left}}',
    forgot: 'Forgot your password or locked out? Ask the station head to reset it.',
  },
  changePassword: {
    title: 'Change password',
    forcedTitle: 'Change your initial password first',
    forcedIntro:
      'You are logged in with the initial password the station head gave you. To keep your account safe, choose a new password that only you know; then the desk opens.',
    intro: 'From now on, log in and unlock with the new password; this account is signed out on every other PC and terminal.',
    rule: 'At least 8 characters, with both letters and digits',
    confirmPassword: 'Confirm new password',
    mismatch: 'The two new passwords differ',
    submit: 'Change password',
    done: 'Password changed',
    logout: 'Log out',
    signedInAs: 'Account: {{name}} ({{username}})',
  },
  lock: {
    title: 'The desk is locked',
    intro: 'Nothing was done for a while, so the desk locked itself to keep residents’ data from other eyes.',
    who: '{{name}}, enter your password to unlock',
    passwordPlaceholder: 'Password',
    unlock: 'Unlock',
    logout: 'Not you? Log out',
  },
  failedAttempts: {
    title: 'Failed logins and pairing tries, last {{days}} days',
    total: '{{count}} in all',
    none: 'No failed logins or pairing tries',
    desk: 'the station PC',
    terminal: 'terminal “{{name}}” ({{address}})',
    address: 'unpaired device ({{address}})',
    unknownAccount: 'no such account “{{account}}”',
    locked: 'locked until {{time}}',
    times: '{{count}} times, last at {{time}}',
    pairingPaused: 'Too many wrong pairing codes: pairing is paused for every terminal until {{time}}',
    kinds: { login: 'Login', unlock: 'Unlock', password: 'Password check', pairing: 'Pairing code' },
  },
};

/** The messages of the auth zone's refusals, under `errors.auth.` (keys in src/shared/auth/errors.ts). */
export const errorsZh = {
  badCredentials: '登录名或密码不正确',
  lockedOut: '密码错误次数过多，本账号在这台电脑或终端上已锁定，请 {{minutes}} 分钟后再试，或联系负责人',
  inactive: '该账号已停用，请联系警务室负责人',
};

export const errorsEn: typeof errorsZh = {
  badCredentials: 'Wrong login name or password',
  lockedOut: 'Too many wrong passwords: the account is locked on this PC or terminal; try again in {{minutes}} minutes or ask the station head',
  inactive: 'This account is inactive; ask the station head',
};
