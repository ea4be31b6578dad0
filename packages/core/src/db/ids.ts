import { Types } from 'mongoose';

/**
 * A fresh ObjectId chosen by the writer before an insert, so that retrying the insert after a
 * lost answer meets a duplicate key instead of writing the document twice.
 */
export function newObjectId(): Types.ObjectId {
  return new Types.ObjectId();
}
