/**
 * The Database port of a cloud function: the Data API on the stack's cluster, signed in as the
 * database user whose secret the function is given (read-only for queries, read-write otherwise).
 * Kept apart from the other adapters so small functions bundle only this.
 */
import type { RDSDataClient } from '@aws-sdk/client-rds-data';
import { dataApiDriver } from '../db/adapters/data-api';
import { createDatabase } from '../db/database';
import type { Database, Driver } from '../db/port';
import type { Env } from './env';
import { envNames, required, shapes } from './env';

/** The Data API driver for the cluster and the database user this function's secret names. */
export const cloudDriver = (env: Env, client: RDSDataClient): Driver =>
  dataApiDriver({
    client,
    resourceArn: required(env, envNames.clusterArn, shapes.arn),
    secretArn: required(env, envNames.dbSecretArn, shapes.arn),
    database: required(env, envNames.dbName),
  });

/** The Database port over the Data API. */
export const cloudDatabase = (env: Env, client: RDSDataClient): Database =>
  createDatabase(cloudDriver(env, client));
