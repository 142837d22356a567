import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountRootPrincipal, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/**
 * Every key operation the account may delegate through IAM, written out: CDK's default key policy
 * grants `kms:*` to the account, and this project keeps wildcard actions out of every Allow.
 * Principals in the account still need an IAM policy naming the key before they can use it.
 */
export const KEY_ACCOUNT_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:ListRetirableGrants',
  'kms:PutKeyPolicy',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:RetireGrant',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** What an AWS service needs to encrypt and decrypt with a key on the account's behalf. */
export const KEY_SERVICE_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
];

export interface ServiceKeyProps {
  alias: string;
  description: string;
  removalPolicy: RemovalPolicy;
  /** Statements for AWS service principals, beyond the account's own use. */
  serviceStatements?: (stack: Stack) => PolicyStatement[];
}

/** A customer-managed symmetric key with yearly rotation and an explicit key policy. */
export function createServiceKey(scope: Construct, id: string, props: ServiceKeyProps): Key {
  const stack = Stack.of(scope);
  const policy = new PolicyDocument({
    statements: [
      new PolicyStatement({
        sid: 'AccountAdministersAndDelegatesThroughIam',
        principals: [new AccountRootPrincipal()],
        actions: KEY_ACCOUNT_ACTIONS,
        resources: ['*'],
      }),
      ...(props.serviceStatements?.(stack) ?? []),
    ],
  });
  return new Key(scope, id, {
    alias: props.alias,
    description: props.description,
    enableKeyRotation: true,
    removalPolicy: props.removalPolicy,
    policy,
  });
}
