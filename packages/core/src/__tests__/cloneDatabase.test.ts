import { openTestDatabase } from '@test-support/database';
import { prepareCloneDatabase } from '../migrations/cloneDatabase';

describe('prepareCloneDatabase', () => {
  it('migrates a new clone database and creates its indexes once; afterwards a start costs one read', async () => {
    const db = await openTestDatabase('clone_prepare', { monitorCommands: true });
    const commands: string[] = [];
    db.connection.getClient().on('commandStarted', (event) => {
      if (event.commandName !== 'endSessions') commands.push(event.commandName);
    });
    try {
      expect(await prepareCloneDatabase(db.connection)).toEqual(['0001-point-keys-and-counters', '0002-indexes']);
      const deletionIndexes = await db.connection.collection('scheduled_deletions').indexes();
      expect(deletionIndexes.some((i) => i.key.dueAt === 1)).toBe(true);
      const outcomeIndexes = await db.connection.collection('broadcast_outcomes').indexes();
      expect(outcomeIndexes.some((i) => i.key.broadcastId === 1)).toBe(true);

      commands.length = 0;
      expect(await prepareCloneDatabase(db.connection)).toEqual([]);
      expect(commands).toEqual(['find']);
    } finally {
      await db.drop();
    }
  });

  it('waits for a preparation in progress elsewhere (the mother) instead of doing it twice', async () => {
    const db = await openTestDatabase('clone_prepare_race');
    try {
      const [first, second] = await Promise.all([prepareCloneDatabase(db.connection), prepareCloneDatabase(db.connection)]);
      expect([...first, ...second].sort()).toEqual(['0001-point-keys-and-counters', '0002-indexes']);
    } finally {
      await db.drop();
    }
  });
});
