import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The lookup workflow's single source of truth: a JSONPath ASL file whose Task resources are
 * `${...FunctionArn}` placeholders. The CDK stack loads it with `DefinitionBody.fromFile` and
 * `definitionSubstitutions`; the local embedded default loads it with placeholder ARNs and maps
 * each Task state to the handler that the placeholder names.
 */
export const LOOKUP_WORKFLOW_FILE: string = fileURLToPath(
  new URL('./lookup-workflow.asl.json', import.meta.url),
);

/** Substitution variable → handler name (a key of `HANDLERS` in `functions/src/catalogue.ts`). */
export const LOOKUP_WORKFLOW_TASKS = {
  PrepareLookupFunctionArn: 'prepare-lookup',
  CallCompanyFunctionArn: 'call-company',
  MarkUnavailableFunctionArn: 'mark-unavailable',
  SendReplyFunctionArn: 'send-reply',
  RecordDeliveryFunctionArn: 'record-delivery',
  RecordFailureFunctionArn: 'record-failure',
} as const;

export type LookupWorkflowVariable = keyof typeof LOOKUP_WORKFLOW_TASKS;

/** The raw definition text, placeholders included (what `cdk synth` puts in DefinitionString). */
export function readLookupDefinitionText(): string {
  return readFileSync(LOOKUP_WORKFLOW_FILE, 'utf8');
}

/** Replaces `${Name}` placeholders as Step Functions' definitionSubstitutions does. */
export function substitute(text: string, substitutions: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => {
    const value = substitutions[name];
    if (value === undefined) throw new Error(`no substitution for ${whole}`);
    return value;
  });
}

/** The definition as an object, with every placeholder replaced. */
export function loadLookupDefinition(
  substitutions: Record<LookupWorkflowVariable, string>,
): Record<string, unknown> {
  return JSON.parse(substitute(readLookupDefinitionText(), substitutions)) as Record<string, unknown>;
}
