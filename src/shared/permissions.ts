import type { Role } from './roles.js';

/**
 * Every permission by name, and the roles that hold it: the one place that says who may do what.
 * Contract methods, service checks and screens name a permission here, never a list of roles.
 * Each doc comment is what the permission allows; the role table in docs/security.md is generated from them.
 */
export const PERMISSIONS = {
  /** see an ID number or a phone in full (an audited, deliberate action) */
  'person.unmask': ['head', 'officer'],

  /** change the station's settings and this PC's printer */
  'station.configure': ['head'],
  /** choose this PC's printer for each kind of document, and print a test page on it */
  'printers.choose': ['head'],
  /** choose this PC's ID card reader (its serial port) and try a reading on it */
  'intake.configureReader': ['head'],
  /** list the station's accounts, create and change them, reset their passwords */
  'staff.manage': ['head'],
  /** see failed logins and pairing tries, by account and terminal (the head's home card) */
  'auth.viewFailedLogins': ['head'],

  /** register walk-ins at the front desk and find a returning visitor by the full number typed */
  'intake.register': ['head', 'officer', 'auxiliary'],
  /** see the day's board and a walk-in's slip, for the zones the role serves */
  'intake.viewBoard': ['head', 'officer', 'auxiliary', 'mediator'],
  /** serve walk-ins of the zones the role serves: call, finish, hand on to another zone */
  'intake.serve': ['head', 'officer', 'auxiliary', 'mediator'],
  /** see and serve the walk-ins of every zone, the duty zone's included; without it, only the mediation zone's */
  'intake.allZones': ['head', 'officer', 'auxiliary'],
  /** search the walk-in history */
  'intake.history': ['head', 'officer', 'auxiliary'],
  /** open the hall's public screens (the calling display, the rating screen) in a window of a logged-in PC */
  'intake.publicScreens': ['head', 'officer', 'auxiliary', 'mediator'],
  /** see the visitors' satisfaction ratings (好差评) with their walk-ins, and today's count */
  'intake.ratings': ['head'],

  /** see mediation cases, their files, the queue, alerts, risk, the mediator pool and settings */
  'mediation.view': ['head', 'officer', 'auxiliary', 'mediator'],
  /** open a mediation case (from a walk-in only, unless the role also does mediation work) */
  'mediation.openCase': ['head', 'officer', 'auxiliary', 'mediator'],
  /** schedule and record a concluded case's follow-up visits */
  'mediation.followUp': ['head', 'officer', 'auxiliary', 'mediator'],
  /** do the mediation work: parties, acceptance, mediators, sessions, agreements, failures, files, statistics */
  'mediation.work': ['head', 'officer', 'mediator'],
  /** acknowledge a failure, archive or cancel a case, withdraw a file, keep the mediator pool */
  'mediation.supervise': ['head', 'officer'],
  /** change the mediation settings (time limits, risk rules) */
  'mediation.configure': ['head'],

  /** see the address tree, residents, houses, units, appointments and completeness */
  'collection.view': ['head', 'officer', 'auxiliary', 'gridWorker'],
  /** collect: add and change residents, houses, units and appointments, search the register */
  'collection.collect': ['head', 'officer', 'auxiliary', 'gridWorker'],
  /** import residents from a spreadsheet */
  'collection.import': ['head', 'officer', 'auxiliary', 'gridWorker'],
  /** export residents to a spreadsheet (numbers masked unless the role may unmask) */
  'collection.export': ['head', 'officer', 'auxiliary', 'gridWorker'],
  /** build the address tree: add, rename and move addresses, add rooms in bulk */
  'collection.buildAddresses': ['head', 'officer', 'auxiliary'],
  /** cancel an address */
  'collection.cancelAddresses': ['head', 'officer'],
  /** mark a resident as verified (a grid worker's entry is verified by the station) */
  'collection.verify': ['head', 'officer', 'auxiliary'],
  /** mark a resident for care (关爱) and see why */
  'collection.care': ['head', 'officer'],

  /** see the roster, its settings, absences and swaps, and export it */
  'roster.view': ['head', 'officer', 'auxiliary'],
  /** record and remove absences and wishes */
  'roster.absences': ['head', 'officer', 'auxiliary'],
  /** ask for a shift swap and answer one */
  'roster.swap': ['head', 'officer', 'auxiliary'],
  /** plan the roster: settings, holidays, generating, changing and re-rostering */
  'roster.plan': ['head'],

  /** keep the duty log: shifts, entries, handovers, pending items, the equipment list */
  'office.dutyLog': ['head', 'officer', 'auxiliary'],
  /** open a shift by hand where no roster covers the moment */
  'office.openShiftManually': ['head', 'officer'],
  /** keep the office equipment inventory */
  'office.equipment': ['head'],
  /** see and complete one's own tasks and the task standard */
  'office.tasks': ['head', 'officer', 'auxiliary', 'gridWorker'],
  /** assign, see and cancel everyone's tasks, record a completion for someone, set the task standard */
  'office.assignTasks': ['head'],
  /** see the assessment and the awards (one's own, unless the role also assesses) */
  'office.assessment': ['head', 'officer', 'auxiliary', 'gridWorker'],
  /** assess everyone: add and cancel assessment items, set the scoring rules, record and cancel awards */
  'office.assess': ['head'],
  /** print notices from the templates and see what was printed */
  'office.notices': ['head', 'officer', 'auxiliary'],
  /** keep the notice templates */
  'office.noticeTemplates': ['head'],

  /** see the patrol board and record patrols: start, checkpoints, findings and what they become, end */
  'patrol.record': ['head', 'officer', 'auxiliary'],
  /** lay out and retire patrol routes */
  'patrol.routes': ['head', 'officer'],
  /** see and keep the volunteers' register */
  'patrol.volunteers': ['head', 'officer', 'auxiliary'],
  /** see the points rules, statements and goods, and redeem points at the desk */
  'patrol.points': ['head', 'officer', 'auxiliary'],
  /** remove a volunteer, set the points rules, award and correct points, keep the goods and their stock */
  'patrol.manage': ['head'],

  /** see properties, night checks, schools and posts, cameras and their rounds */
  'prevention.view': ['head', 'officer', 'auxiliary'],
  /** record night checks, post attendance and camera check rounds */
  'prevention.record': ['head', 'officer', 'auxiliary'],
  /** keep the registers: properties and guards, schools and terms, cameras; cancel a night check */
  'prevention.keepRegisters': ['head', 'officer'],

  /** read the audit log and the unmasking report */
  'audit.read': ['head'],
  /** enrol with HQ and set the sync settings and HQ's authority */
  'sync.configure': ['head'],
  /** see cases transferred between stations */
  'sync.viewTransfers': ['head', 'officer', 'mediator'],
  /** transfer a case to another station and receive one */
  'sync.transferCases': ['head'],
  /** see the desktop app's updates: the version HQ offers and why one was refused */
  'updates.view': ['head'],
  /** back up, restore and set the backups */
  'backup.manage': ['head'],
  /** see, print and renew the recovery key that opens the station's backups on another PC */
  'backup.recoveryKey': ['head'],
  /** set retention periods and purge what is past them */
  'retention.manage': ['head'],
  /** pair terminals on the station LAN and revoke them */
  'pairing.manage': ['head'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

/** Whether a role holds a permission; a name not in the table is held by no one. */
export const can = (role: Role | undefined, permission: Permission): boolean =>
  role !== undefined && Object.hasOwn(PERMISSIONS, permission) && (PERMISSIONS[permission] as readonly Role[]).includes(role);
