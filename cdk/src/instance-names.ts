import { Aws, Fn } from 'aws-cdk-lib';

/**
 * The first eight hex digits of the stack's UUID (`arn:…:stack/<name>/<uuid>`): the same for the
 * life of one stack instance, new when the stack is deleted and created again. Names of resources
 * that outlive the stack (retained log groups, a retained queue) carry it, so a replacement stack
 * never meets its predecessor's leftovers under the same name ("already exists").
 */
export function stackInstanceId(): string {
  return Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))));
}
