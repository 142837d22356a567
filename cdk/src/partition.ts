import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * The host of a regional AWS service in the stage's partition: `dynamodb.ap-southeast-1.amazonaws.com`,
 * `dynamodb.cn-northwest-1.amazonaws.com.cn` in the China regions. `kms:ViaService` values and the
 * CloudWatch Logs service principal are written this way.
 */
export function regionalServiceHost(service: string, region: string): string {
  return `${service}.${region}.${RegionInfo.get(region).domainSuffix ?? 'amazonaws.com'}`;
}

/** The stage's partition as a literal (`aws`, `aws-cn`): for ARNs that must be written out, as in a state machine definition. */
export function partitionOf(region: string): string {
  return RegionInfo.get(region).partition ?? 'aws';
}
