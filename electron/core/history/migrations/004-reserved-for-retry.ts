// Version 4 is issue 10's (再送待ち, branch w2-retry). This placeholder only keeps the numbering
// without gaps on the w2-content branch, so that 005 below can carry its final number; when the
// branches meet, w2-retry's own 004 replaces this file. It changes nothing.
import type { Migration } from './migration';

export const migration004: Migration = {
  version: 4,
  name: 'reserved for the retry migration (issue 10)',
  up() {},
};
