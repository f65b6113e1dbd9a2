import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../shared/roles.js';

export interface Session {
  staffId: string;
  name: string;
  username: string;
  role: Role;
  mustChangePassword: boolean;
  /** when the login happened (ms): a session ends after SESSION_HOURS whatever its activity */
  startedAt: number;
  lastSeenAt: number;
  /** set when the idle time ran out; only the same person's password lifts it */
  locked: boolean;
}

/** A shift is at most 12 hours long (and a 24-hour duty logs in twice). */
export const SESSION_HOURS = 12;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Login sessions live in the memory of the one core process that owns the data directory:
 * a restart asks everyone to log in again, and no token is ever written to disk.
 */
export class SessionStore {
  private readonly sessions = new Map<string, Session>();

  create(session: Omit<Session, 'locked'>): string {
    // ended sessions are dropped as new ones start, so the map never grows without bound
    const oldest = session.startedAt - SESSION_HOURS * 3600_000;
    for (const [key, s] of this.sessions) if (s.startedAt < oldest) this.sessions.delete(key);
    const token = randomBytes(32).toString('base64url');
    this.sessions.set(hashToken(token), { ...session, locked: false });
    return token;
  }

  get(token: string | undefined): Session | undefined {
    return token ? this.sessions.get(hashToken(token)) : undefined;
  }

  deleteSession(session: Session): void {
    for (const [key, s] of this.sessions) if (s === session) this.sessions.delete(key);
  }

  delete(token: string | undefined): void {
    if (token) this.sessions.delete(hashToken(token));
  }

  /** Ends every session of a staff member but the one with `keep` (the one changing its own password). */
  endOthers(staffId: string, keep: string | undefined): void {
    const kept = keep ? hashToken(keep) : undefined;
    for (const [key, s] of this.sessions) if (s.staffId === staffId && key !== kept) this.sessions.delete(key);
  }

  /** Applies a change of a staff member (a new name, a password changed) to their open sessions, or ends them. */
  updateStaff(staffId: string, change: Partial<Pick<Session, 'name' | 'mustChangePassword'>> | 'end'): void {
    for (const [key, s] of this.sessions) {
      if (s.staffId !== staffId) continue;
      if (change === 'end') this.sessions.delete(key);
      else Object.assign(s, change);
    }
  }
}
