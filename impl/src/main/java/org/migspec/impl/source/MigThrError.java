package org.migspec.impl.source;

/**
 * MigThrError (migration.c): what an error check in the migration thread concluded. NONE: go on;
 * RECOVERED: postcopy paused and was recovered, the loop goes on; FATAL: leave the loop.
 */
enum MigThrError { NONE, RECOVERED, FATAL }
