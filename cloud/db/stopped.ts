/**
 * The exit code of a process whose embedded database stopped because it could not write to its
 * data folder (PostgreSQL's PANIC: the disk refused a write or a sync of the write-ahead log). What
 * hosts the process tells it from any other crash by this code; see `openEngine`.
 */
export const DATABASE_STOPPED_EXIT_CODE = 70;

/** What a person is told of that stop. */
export const DATABASE_STOPPED_REASON =
  'the database could not write to its folder: the disk may be full or failing';
