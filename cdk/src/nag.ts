import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges one cdk-nag finding on a construct (and its children), with the reason a reviewer
 * reads in the validation report. A finding id may name one finding: `AwsSolutions-IAM5[Resource::*]`.
 */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  if (reason.trim().length < 20) throw new Error(`acknowledgement of ${id} needs a real reason`);
  // The plugin-namespaced id puts the finding and this reason in the validation report's audit list.
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });
}
