import { Stack } from 'aws-cdk-lib';
import { CfnBudget } from 'aws-cdk-lib/aws-budgets';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { StageConfig } from '../stages.ts';
import { allowServiceToPublish } from './alarm-topic.ts';

/** When the budget notifies: actual spend past 80% of the limit, forecast spend past 100%. */
export const BUDGET_NOTIFICATIONS = [
  { notificationType: 'ACTUAL', threshold: 80 },
  { notificationType: 'FORECASTED', threshold: 100 },
] as const;

/**
 * An AWS Budgets cost budget for the whole account (one account per stage, so the stage's whole
 * cost: SMS, Lambda, Step Functions transitions, DynamoDB, logs), notifying the alarm topic. The
 * SMS spend alarm watches SMS alone; this one catches a runaway in anything else.
 */
export class CostBudget extends Construct {
  readonly budget: CfnBudget;

  constructor(scope: Construct, id: string, props: { config: StageConfig; topic: Topic }) {
    super(scope, id);
    const { config, topic } = props;
    const stack = Stack.of(this);
    // Budgets publishes to the topic as its service principal; the topic policy names it, for
    // this account's budgets only (the data key's policy lets it encrypt to the topic).
    allowServiceToPublish(
      topic,
      'BudgetsOfThisAccountPublish',
      'budgets',
      `arn:${stack.partition}:budgets::${stack.account}:*`,
    );
    this.budget = new CfnBudget(this, 'Resource', {
      budget: {
        budgetName: `${config.prefix}-monthly-cost`,
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: config.budget.monthlyLimit, unit: config.budget.currency },
      },
      notificationsWithSubscribers: BUDGET_NOTIFICATIONS.map(({ notificationType, threshold }) => ({
        notification: {
          notificationType,
          comparisonOperator: 'GREATER_THAN',
          threshold,
          thresholdType: 'PERCENTAGE',
        },
        subscribers: [{ subscriptionType: 'SNS', address: topic.topicArn }],
      })),
    });
    // The topic policy must exist before Budgets checks that it may publish.
    this.budget.node.addDependency(topic);
  }
}
