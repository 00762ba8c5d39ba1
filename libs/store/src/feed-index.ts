/**
 * One page of a labels-table feed partition (`feedPk`: labels, celebrities, all-labels) on the
 * `byLastSeen` index, newest first by default — the one query behind every "newest" listing.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_PAGE_LIMIT } from './constants';
import { call, decodeCursor, encodeCursor, pageLimit, type Page, type PageOptions, type StoreContext } from './context';
import { INDEX } from './schema';

export async function queryFeedByLastSeen<T>(
  ctx: StoreContext,
  operation: string,
  feedPk: string,
  toItem: (item: Record<string, unknown>) => T,
  options: PageOptions = {},
): Promise<Page<T>> {
  const table = ctx.tables.labels;
  const out = await call(operation, table, undefined, () =>
    ctx.ddb.send(
      new QueryCommand({
        TableName: table,
        IndexName: INDEX.labelsByLastSeen,
        KeyConditionExpression: 'feedPk = :f',
        ExpressionAttributeValues: { ':f': feedPk },
        ScanIndexForward: (options.direction ?? 'backward') === 'forward',
        Limit: pageLimit(options.limit, DEFAULT_PAGE_LIMIT),
        ExclusiveStartKey: decodeCursor(options.cursor),
      }),
    ),
  );
  return { items: (out.Items ?? []).map(toItem), next: encodeCursor(out.LastEvaluatedKey) };
}
