import { openTestDatabase } from '@test-support/database';
import { createLogger, closeLogger } from '../logging/createLogger';
import { registerSecret } from '../logging/redact';
import { AppError } from '../errors';
import { classifyError, errorRecordModel, firstFrame, recordError, ERROR_SAMPLES_KEPT, type ErrorRecordModel } from '../models/errorRecord';
import { ErrorRecordTransport } from '../models/errorRecordTransport';

const TOKEN = '123456789:AAFakeFakeFakeFakeFakeFakeFakeFake123';

describe('error tracking in the database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let ErrorRecord: ErrorRecordModel;
  beforeAll(async () => {
    db = await openTestDatabase('errors');
    ErrorRecord = errorRecordModel(db.connection);
    await ErrorRecord.createIndexes();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('groups by kind (code, else name) and place (first frame of our code)', () => {
    const stack = ['Error: boom', '    at Object.<anonymous> (/x/node_modules/telegraf/lib/a.js:1:2)', '    at async CloneWorker.start (/srv/app/dist/worker/cloneWorker.js:88:13)'].join('\n');
    expect(firstFrame(stack)).toBe('cloneWorker.js:88 CloneWorker.start');
    expect(classifyError({ name: 'MongoServerError', code: 11000, message: 'dup', stack })).toMatchObject({ kind: '11000', place: 'cloneWorker.js:88 CloneWorker.start' });
    expect(classifyError(new AppError('PM2', 'down')).kind).toBe('PM2');
    expect(classifyError('plain text', 'somewhere')).toEqual({ kind: 'Error', place: 'somewhere', message: 'plain text' });
  });

  it('counts occurrences, keeps the latest few with their context, and never stores a secret', async () => {
    const fail = (): Error => new Error(`getMe failed for /bot${TOKEN}/getMe`);
    const first = await recordError(ErrorRecord, fail(), { process: 'clone:abc', cloneId: 'abc', updateType: 'message' });
    expect(first.isNew).toBe(true);
    for (let i = 0; i < ERROR_SAMPLES_KEPT + 2; i += 1) {
      const again = await recordError(ErrorRecord, fail(), { process: 'clone:abc', cloneId: 'abc', updateType: 'message' });
      expect(again).toEqual({ id: first.id, isNew: false });
    }
    const doc = await ErrorRecord.findById(first.id).lean();
    expect(doc?.count).toBe(ERROR_SAMPLES_KEPT + 3);
    expect(doc?.samples).toHaveLength(ERROR_SAMPLES_KEPT);
    expect(doc?.samples[0]).toMatchObject({ process: 'clone:abc', cloneId: 'abc', updateType: 'message' });
    expect(doc?.alertedAt).toBeNull();
    expect(JSON.stringify(doc)).not.toContain(TOKEN.split(':')[1]);
  });

  it('creates a kind once when two processes insert it at the same moment', async () => {
    const error = new AppError('RACE', 'same place');
    const results = await Promise.all([1, 2, 3].map(() => recordError(ErrorRecord, error, { process: 'mother' })));
    expect(results.filter((r) => r.isNew)).toHaveLength(1);
    expect(await ErrorRecord.countDocuments({ kind: 'RACE' })).toBe(1);
    // On FerretDB racing updates of one document may lose a count (read-then-replace): at least the insert and one update.
    expect((await ErrorRecord.findById(results[0]!.id).lean())?.count).toBeGreaterThanOrEqual(2);
  });

  it('records error-level log lines through the winston transport, redacted', async () => {
    const secret = 'a-registered-secret-value-42';
    registerSecret(secret);
    const logger = createLogger({ label: 'test' });
    const transport = new ErrorRecordTransport(ErrorRecord, { process: 'clone:def', cloneId: 'def' });
    logger.add(transport);
    const error = Object.assign(new Error(`cannot open with ${secret}`), { code: 'E_TRANSPORT' });
    logger.error('update failed', { error, updateType: 'callback_query' });
    logger.warn('not recorded', { error: new Error('a warning') });
    logger.error('a plain line with no error object');
    await new Promise((r) => setImmediate(r));
    await transport.flush();
    await closeLogger(logger);
    const doc = await ErrorRecord.findOne({ kind: 'E_TRANSPORT' }).lean();
    expect(doc?.samples[0]).toMatchObject({ process: 'clone:def', cloneId: 'def', updateType: 'callback_query' });
    expect(doc?.lastMessage).toBe('cannot open with [REDACTED]');
    expect(await ErrorRecord.countDocuments({ lastMessage: 'a warning' })).toBe(0);
    expect(await ErrorRecord.findOne({ kind: 'LoggedError' }).lean()).toMatchObject({ place: 'a plain line with no error object' });
    expect(transport.failures).toBe(0);
  });
});
