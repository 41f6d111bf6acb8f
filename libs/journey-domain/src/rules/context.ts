import type { JourneySettings } from '../state';

/** Who is acting, and when the workflow accepted the command (workflow time). */
export interface Context {
  actor: string;
  now: Date;
  settings: JourneySettings;
}
