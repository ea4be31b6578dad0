import { Schema, type Connection, type Model } from 'mongoose';

export interface ConversationDoc {
  _id: string; // `<scope>:<userId>`, e.g. `mother:12345`
  step: string;
  data: Record<string, unknown>;
  updatedAt: Date;
}

/**
 * A conversation in progress (the token wizard, a confirmation): kept in the database so a
 * restart of the bot's process does not lose where the user was.
 */
export const conversationSchema = new Schema<ConversationDoc>(
  {
    _id: { type: String, required: true },
    step: { type: String, required: true },
    data: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);
conversationSchema.index({ updatedAt: 1 });

export type ConversationModel = Model<ConversationDoc>;
export const conversationModel = (db: Connection): ConversationModel =>
  (db.models.Conversation as ConversationModel | undefined) ??
  db.model<ConversationDoc>('Conversation', conversationSchema, 'conversations');
