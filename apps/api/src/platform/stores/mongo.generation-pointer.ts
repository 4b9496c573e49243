import { MongoClient, MongoServerError, type Collection } from 'mongodb';
import { databaseOf } from '@duty-ledger/read-store/mongo/mongo.versions';
import { generationAge, type GenerationPointer } from './generation-pointer';

interface PointerDocument {
  _id: 'in-force';
  generation: string;
  /** generationAge(generation): the condition that keeps the pointer from moving back. */
  age: number;
  since: Date;
}

const DUPLICATE_KEY = 11000;

/**
 * The pointer of MongoDB read models: one document in the URI's database (the first generation's), collection
 * `readModelGeneration`, which no generation's drop touches. Written with majority and journal acknowledgement and
 * read at majority from the primary, so every replica of the API that reads it after a switch sees the switch.
 */
export class MongoGenerationPointer implements GenerationPointer {
  private readonly client: MongoClient;
  private readonly pointer: Collection<PointerDocument>;

  constructor(options: { uri: string; database?: string; client?: MongoClient }) {
    this.client = options.client ?? new MongoClient(options.uri);
    this.pointer = this.client.db(options.database ?? databaseOf(options.uri) ?? 'duty-ledger').collection<PointerDocument>('readModelGeneration', {
      readConcern: 'majority',
      readPreference: 'primary',
      writeConcern: { w: 'majority', journal: true },
    });
  }

  async inForce(): Promise<string | undefined> {
    return (await this.inForceSince())?.generation;
  }

  /** When the generation in force was put in force (by the clock of the process that did). */
  async inForceSince(): Promise<{ generation: string; since: Date } | undefined> {
    const pointer = await this.pointer.findOne({ _id: 'in-force' });
    return pointer ? { generation: pointer.generation, since: pointer.since } : undefined;
  }

  /** One conditional upsert: it matches only a pointer to an older generation or to this one, and inserting beside a newer one is a duplicate key. */
  async putInForce(generation: string): Promise<boolean> {
    const age = generationAge(generation);
    try {
      await this.pointer.updateOne({ _id: 'in-force', age: { $lte: age } }, { $set: { generation, age, since: new Date() } }, { upsert: true });
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
