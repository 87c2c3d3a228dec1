import fs from 'node:fs';
import { fixedWorkspace } from '../../src/core/workspace';
import path from 'node:path';

import { openDatabase } from '../../src/core/db/connection';
import { readMigrations, runMigrations } from '../../src/core/db/migrations';
import { sqliteDatabase } from '../../src/core/db/sqlite';
import { MIGRATIONS_DIR } from '../../src/core/paths';
import { createManagerRepository } from '../../src/features/enrolment/repository';
import { tempDbPath, tempDir } from '../support/harness';

/** A migrations folder holding the real files numbered below `version`. */
function migrationsBefore(version: number): string {
  const dir = tempDir('lead-coach-consent-migrations-');
  for (const m of readMigrations(MIGRATIONS_DIR).filter((f) => f.version < version)) fs.writeFileSync(path.join(dir, m.name), m.sql);
  return dir;
}

describe('migration 007: consent on an existing install', () => {
  it('keeps coaching every manager enrolled before it (their nudge switch as it was); new managers start with coaching off', async () => {
    const db = openDatabase(tempDbPath());
    runMigrations(db, migrationsBefore(7));
    const insert = db.prepare('INSERT INTO managers (user_id, team_id, enrolled_at, nudges_enabled) VALUES (?, ?, ?, ?)');
    insert.run('U_OLD_ON', 'T1', '2026-10-01T08:00:00.000Z', 1);
    insert.run('U_OLD_OFF', 'T1', '2026-10-02T08:00:00.000Z', 0);

    expect(runMigrations(db).applied).toContain('007_coaching_consent.sql');
    const managers = createManagerRepository(sqliteDatabase(db), fixedWorkspace('T1'));
    expect(await managers.get('U_OLD_ON')).toMatchObject({ nudgesEnabled: true, coachingStartedAt: '2026-10-01T08:00:00.000Z' });
    // Turned off before: still off, but coached, so `/lead nudges on all` brings them back without a new start.
    expect(await managers.get('U_OLD_OFF')).toMatchObject({ nudgesEnabled: false, coachingStartedAt: '2026-10-02T08:00:00.000Z' });

    await managers.enrol({ userId: 'U_NEW', timeZone: 'UTC', enrolledAt: new Date('2026-11-18T10:00:00Z') });
    expect(await managers.get('U_NEW')).toMatchObject({ nudgesEnabled: false, coachingStartedAt: null, coachingOfferedAt: null });
    db.close();
  });
});
