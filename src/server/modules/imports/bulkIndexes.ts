// Index upkeep for a large registry import. Inserting row by row into a B-tree is a random write
// per row and index; building the index afterwards is one sort. Once an import has inserted as
// many rows into a table as the table held before it (and more than a few thousand), the table's
// droppable indexes go and are built again by `finish`, inside the same transaction: a rollback
// or a crash brings the old ones back. A small import into a big table never gets there.
// The price: DROP INDEX locks the table against every other session until the import commits.

import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import * as q from './studentQueries.ts';

/** Rows inserted into a table row by row before a rebuild can pay off; below it, upkeep is cheap. */
const BULK_MIN_ROWS = 10_000;

export class BulkIndexes {
  private rowsBefore: number | undefined;
  private inserted = 0;
  /** The definitions of the dropped indexes, once dropped. */
  private dropped: string[] | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly table: keyof DB,
    /**
     * Whether the unique indexes may go too: only where no row can collide with one already there,
     * and nothing looks rows up by them during the import. Constraints' indexes always stay.
     */
    private readonly unique: () => boolean = () => false,
  ) {}

  /** Call before inserting `count` rows into the table. */
  async inserting(count: number): Promise<void> {
    if (this.dropped !== null || count === 0) return;
    const before = this.inserted;
    this.inserted += count;
    if (this.inserted < BULK_MIN_ROWS) return;
    this.rowsBefore ??= (await q.tableRows(this.db, this.table)) - before;
    if (this.inserted < this.rowsBefore) return;
    this.dropped = await q.dropIndexes(this.db, this.table, this.unique());
  }

  /** Builds the dropped indexes again and refreshes the statistics; call once, after the last insert. */
  async finish(): Promise<void> {
    if (this.dropped === null) return;
    await q.createIndexes(this.db, this.dropped);
    await q.analyzeTable(this.db, this.table);
    this.dropped = null;
  }
}
