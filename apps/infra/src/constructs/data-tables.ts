import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { IndexProjection, KeyAttribute, TableDesign } from '@catfinder/store';

/** Props of {@link DataTables}. */
export interface DataTablesProps {
  /** Table designs from `@catfinder/store` (TABLE_LIST). */
  readonly designs: readonly TableDesign[];
}

/**
 * The store's tables built from its own plain-data designs, so the stack and the store cannot
 * disagree on keys or index names. On-demand, point-in-time recovery, TTL where the design has
 * an expiry attribute. Tables without TTL hold kept data (clips) and survive `cdk destroy`.
 */
export class DataTables extends Construct {
  /** Tables by their design's environment variable (e.g. `CLIPS_TABLE`). */
  readonly byEnvVar: ReadonlyMap<string, dynamodb.Table>;

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    const tables = new Map<string, dynamodb.Table>();
    for (const design of props.designs) {
      const table = new dynamodb.Table(this, pascal(design.logicalName), {
        partitionKey: attribute(design.partitionKey),
        ...(design.sortKey ? { sortKey: attribute(design.sortKey) } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        ...(design.ttlAttribute ? { timeToLiveAttribute: design.ttlAttribute } : {}),
        removalPolicy: design.ttlAttribute ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      });
      for (const gsi of design.globalSecondaryIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: gsi.indexName,
          partitionKey: attribute(gsi.partitionKey),
          ...(gsi.sortKey ? { sortKey: attribute(gsi.sortKey) } : {}),
          ...projection(gsi.projection),
        });
      }
      for (const lsi of design.localSecondaryIndexes) {
        table.addLocalSecondaryIndex({
          indexName: lsi.indexName,
          sortKey: attribute(lsi.sortKey),
          ...projection(lsi.projection),
        });
      }
      tables.set(design.envVar, table);
    }
    this.byEnvVar = tables;
  }
}

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING };
}

function projection(p: IndexProjection): { projectionType: dynamodb.ProjectionType; nonKeyAttributes?: string[] } {
  if (p.type === 'INCLUDE')
    return { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes: [...p.nonKeyAttributes] };
  return { projectionType: p.type === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY };
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
