import { openTestDatabase } from '@test-support/database';
import { deriveCloneKey, sealToken } from '../crypto/tokenCrypto';
import { ensurePlatformIndexes, platformModels, type PlatformModels } from '../models/platformModels';

const TOKEN = '123456789:AAFakeFakeFakeFakeFakeFakeFakeFake123';

/** Index keys of a collection, as `field:dir,field:dir` strings, with their uniqueness. */
async function indexKeys(model: PlatformModels[keyof PlatformModels]): Promise<Map<string, boolean>> {
  const indexes = await model.collection.indexes();
  return new Map(
    indexes.map((index) => [
      Object.entries(index.key)
        .map(([field, dir]) => `${field}:${String(dir)}`)
        .join(','),
      index.unique === true,
    ]),
  );
}

const newClone = (id: string, botId: number) => ({
  _id: id,
  ownerId: 42,
  botId,
  botUsername: `bot_${id}`,
  source: 'token' as const,
});

describe('platform models on the real database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;

  beforeAll(async () => {
    db = await openTestDatabase('platform');
    models = platformModels(db.connection);
    await ensurePlatformIndexes(models);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('binds every model to the given connection, and binding twice reuses the models', () => {
    for (const model of Object.values(models)) expect(model.db).toBe(db.connection);
    expect(platformModels(db.connection).Clone).toBe(models.Clone);
  });

  it('creates every index declared on the schemas', async () => {
    for (const model of Object.values(models)) {
      const actual = await indexKeys(model);
      for (const [fields, options] of model.schema.indexes()) {
        const key = Object.entries(fields)
          .map(([field, dir]) => `${field}:${String(dir)}`)
          .join(',');
        expect({ model: model.modelName, key, present: actual.has(key) }).toEqual({ model: model.modelName, key, present: true });
        expect({ model: model.modelName, key, unique: actual.get(key) }).toEqual({
          model: model.modelName,
          key,
          unique: options.unique === true,
        });
      }
    }
    // The ones the rest of the system relies on, named explicitly.
    expect((await indexKeys(models.Clone)).get('botId:1')).toBe(true);
    expect((await indexKeys(models.Subscription)).has('expiresAt:1')).toBe(true);
    expect((await indexKeys(models.AuditEvent)).has('targetType:1,targetId:1,at:-1')).toBe(true);
  });

  it('is safe to run again at every start', async () => {
    await expect(ensurePlatformIndexes(models)).resolves.toBeUndefined();
  });

  it('rejects a second clone of the same bot (unique botId, code 11000)', async () => {
    await models.Clone.create(newClone('aaaaaaaaaaa1', 1001));
    await expect(models.Clone.create(newClone('aaaaaaaaaaa2', 1001))).rejects.toMatchObject({ code: 11000 });
    expect(await models.Clone.countDocuments({ botId: 1001 })).toBe(1);
  });

  it('keeps the token out of the clone document: only sealed, in clone_tokens, never in clear', async () => {
    await models.Clone.create({ ...newClone('bbbbbbbbbbb1', 1002), token: 'stray' } as never);
    const clone = await db.connection.collection('clones').findOne({ _id: 'bbbbbbbbbbb1' as never });
    expect(clone).not.toBeNull();
    expect(clone).not.toHaveProperty('token'); // strict schema: an unknown field is dropped
    const sealed = sealToken(deriveCloneKey('test-master', 'bbbbbbbbbbb1'), 'bbbbbbbbbbb1', TOKEN);
    await models.CloneToken.create({ _id: 'bbbbbbbbbbb1', sealed });
    const stored = await models.CloneToken.findById('bbbbbbbbbbb1').lean();
    expect(stored?.sealed).toEqual(sealed);
    const raw = await db.connection.collection('clone_tokens').findOne({ _id: 'bbbbbbbbbbb1' as never });
    expect(JSON.stringify(raw)).not.toContain(TOKEN.split(':')[1]);
  });

  it('records a payment once per charge id (Telegram may deliver it twice)', async () => {
    const payment = { _id: 'charge-1', userId: 42, cloneId: 'bbbbbbbbbbb1', planCode: 'm1', days: 30, amount: 100 };
    await models.Payment.create(payment);
    await expect(models.Payment.create({ ...payment, amount: 999 })).rejects.toMatchObject({ code: 11000 });
    const stored = await models.Payment.find({ _id: 'charge-1' }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ amount: 100, currency: 'XTR', status: 'paid' });
  });
});
