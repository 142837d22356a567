import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { CheckResult } from './checks.ts';

/** The outputs of a deployed stack, by output key. */
export async function stackOutputs(region: string, stackName: string): Promise<Record<string, string>> {
  const client = new CloudFormationClient({ region });
  const answer = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  const outputs = answer.Stacks?.[0]?.Outputs ?? [];
  return Object.fromEntries(outputs.map((output) => [output.OutputKey ?? '', output.OutputValue ?? '']));
}

/**
 * Forces the stage's smoke alarm into ALARM and waits for its notification on the alarm topic,
 * as the subscribed smoke queue receives it: CloudWatch may publish to the topic and use its key,
 * and the recipients got the same message. The alarm is set back to OK afterwards.
 */
export async function alarmReachesTopic(
  region: string,
  alarmName: string,
  queueUrl: string,
  timeoutMs = 90_000,
): Promise<CheckResult> {
  const cloudWatch = new CloudWatchClient({ region });
  const sqs = new SQSClient({ region });
  const marker = `npm run smoke ${new Date().toISOString()}`;
  try {
    await cloudWatch.send(
      new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'ALARM', StateReason: marker }),
    );
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const received = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 10 }),
      );
      for (const message of received.Messages ?? []) {
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
        const envelope = JSON.parse(message.Body ?? '{}') as { Message?: string };
        const alarm = JSON.parse(envelope.Message ?? '{}') as { AlarmName?: string; NewStateReason?: string };
        if (alarm.AlarmName === alarmName && alarm.NewStateReason === marker) {
          return {
            name: 'alarm',
            outcome: 'ok',
            detail: `${alarmName} forced into ALARM reached the alarm topic`,
          };
        }
      }
    }
    return {
      name: 'alarm',
      outcome: 'fail',
      detail: `${alarmName} was set to ALARM but nothing reached the topic in ${timeoutMs / 1000} s: check the topic policy and the data key policy`,
    };
  } catch (error) {
    return { name: 'alarm', outcome: 'fail', detail: error instanceof Error ? error.message : String(error) };
  } finally {
    await cloudWatch
      .send(
        new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'OK', StateReason: `${marker}: done` }),
      )
      .catch(() => undefined);
  }
}
