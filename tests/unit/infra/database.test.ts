import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { migrationsChecksum } from '../../../cloud/infra/database';
import { environmentOf, prodContext, referencedId, synthesize } from './fixture';

const dev = synthesize();
const prod = synthesize(prodContext);

describe('the Database construct', () => {
  it('runs Aurora PostgreSQL Serverless v2 with the Data API, encrypted and backed up', () => {
    dev.template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-postgresql',
      EnableHttpEndpoint: true,
      StorageEncrypted: true,
      BackupRetentionPeriod: 1,
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 2 },
      DatabaseName: 'stockmate',
    });
    dev.template.hasResourceProperties('AWS::RDS::DBInstance', {
      DBInstanceClass: 'db.serverless',
      PubliclyAccessible: false,
    });
  });

  it('keeps the cluster in isolated subnets, with no way in but the Data API', () => {
    dev.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    dev.template.resourceCountIs('AWS::EC2::InternetGateway', 0);
    dev.template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    dev.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: Match.absent(),
    });
    dev.template.hasResourceProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: false });
  });

  it('protects prod: deletion protection, a reader to fail over to, two weeks of backups, kept on delete', () => {
    prod.template.hasResource('AWS::RDS::DBCluster', {
      Properties: Match.objectLike({ DeletionProtection: true, BackupRetentionPeriod: 14 }),
      DeletionPolicy: 'Retain',
    });
    prod.template.resourceCountIs('AWS::RDS::DBInstance', 2);
    dev.template.resourceCountIs('AWS::RDS::DBInstance', 1);
    dev.template.hasResourceProperties('AWS::RDS::DBCluster', { DeletionProtection: false });
  });

  it('creates a read-write and a read-only login user, each with its own generated secret', () => {
    for (const username of ['stockmate_rw', 'stockmate_ro'])
      dev.template.hasResourceProperties('AWS::SecretsManager::Secret', {
        GenerateSecretString: Match.objectLike({
          SecretStringTemplate: JSON.stringify({ username }),
          GenerateStringKey: 'password',
        }),
      });
  });

  it('applies the migrations after the cluster exists, granting each login exactly its roles', () => {
    const database = dev.stack.database;
    const resources = dev.template.findResources('Custom::StockMateMigrations');
    const [migration] = Object.values(resources) as {
      Properties: { Logins: { SecretArn: unknown; Roles: string }[]; MigrationsChecksum: string };
      DependsOn: string[];
    }[];
    expect(migration!.Properties.MigrationsChecksum).toBe(migrationsChecksum());
    expect(migration!.DependsOn).toContain(dev.logicalId(database.cluster));
    const roles = Object.fromEntries(
      migration!.Properties.Logins.map((l): [string, string] => [
        String(referencedId(l.SecretArn)),
        l.Roles,
      ]),
    );
    expect(roles).toEqual({
      [dev.logicalId(database.appUserSecret)]: 'stockmate_app,stockmate_reader',
      [dev.logicalId(database.readerUserSecret)]: 'stockmate_reader',
    });
  });

  it('runs the migrations as the cluster admin, whose secret only the migration function reads', () => {
    const env = environmentOf(dev.functionProps(dev.stack.database.migrateFunction));
    expect(referencedId(env['DB_SECRET_ARN'])).toBe(
      dev.logicalId(dev.stack.database.cluster.secret!),
    );
    const adminSecret = dev.logicalId(dev.stack.database.cluster.secret!);
    const readers = Object.entries(dev.template.findResources('AWS::IAM::Policy')).filter(
      ([, policy]) => JSON.stringify(policy).includes(`"Ref":"${adminSecret}"`),
    );
    expect(readers).toHaveLength(1);
    expect(readers[0]![0]).toMatch(/^DatabaseMigrateRoleDefaultPolicy/);
  });
});
