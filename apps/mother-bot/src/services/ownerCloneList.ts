import { upsertRacing, userKey, type CloneDoc, type PlatformModels } from '@motherbot/core';
import { withKeyLock } from './keyedLock';

/**
 * An owner's clones as point operations (the `owner_clones` document of the owner, see
 * ownerClones.ts in core for its invariant). The list is a superset of the owner's live clones:
 * `add` runs before a clone is created or restored, `remove` after it is deleted, and `live`
 * loads each listed clone by `_id` and keeps the ones that exist, are the owner's and are not
 * deleted, so the filtering is done here, in code, never in a query.
 *
 * FerretDB 1.24 applies `$addToSet`/`$pull` as read-then-replace, so two changes of one list at
 * once could lose one; every change of a list goes through a per-owner lock. The mother is the
 * only process that changes these lists (it alone polls its bot); on MongoDB the operators are
 * atomic anyway. Guarded by motherPointOperations.test.ts ("two creations by one owner at once").
 */
export class OwnerCloneList {
  constructor(private readonly models: PlatformModels) {}

  /** The listed clone ids (possibly stale: see `live`). One point read. */
  async ids(ownerId: number): Promise<string[]> {
    const doc = await this.models.OwnerClones.findById(userKey(ownerId)).lean();
    return doc?.cloneIds ?? [];
  }

  /** The owner's clones that are not deleted, oldest first: the list, then a point read per clone. */
  async live(ownerId: number): Promise<CloneDoc[]> {
    const ids = await this.ids(ownerId);
    const clones = await Promise.all(ids.map((id) => this.models.Clone.findById(id).lean<CloneDoc>()));
    return clones
      .filter((c): c is CloneDoc => Boolean(c) && c!.ownerId === ownerId && !c!.deletedAt)
      .sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
  }

  async add(ownerId: number, cloneId: string): Promise<void> {
    await this.change(ownerId, { $addToSet: { cloneIds: cloneId } });
  }

  async remove(ownerId: number, cloneId: string): Promise<void> {
    await this.change(ownerId, { $pull: { cloneIds: cloneId } });
  }

  /** Empties the list (the owner deleted their account). */
  async clear(ownerId: number): Promise<void> {
    await this.change(ownerId, { $set: { cloneIds: [] } });
  }

  private async change(ownerId: number, update: { $addToSet?: object; $pull?: object; $set?: object }): Promise<void> {
    const _id = userKey(ownerId);
    await withKeyLock(`owner-clones:${_id}`, async () => {
      const write = () => this.models.OwnerClones.updateOne({ _id }, { ...update, $set: { ...update.$set, updatedAt: new Date() } }, { upsert: true });
      // The first list of an owner: a concurrent upsert elsewhere may win the insert (FerretDB
      // upserts read, then insert); the retry then updates the document it created.
      await upsertRacing(write);
    });
  }
}
