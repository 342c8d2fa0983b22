// Runs one scenario through aws-local-stepfunctions and prints what the Java interpreter's differential test
// compares: {"states": [entered, in order], "status", "output" | "error", "cause"}.
// Usage: node --import ./polyfill.mjs run-scenario.mjs <definition.asl.json> <scenario.json>
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';

const [definitionFile, scenarioFile] = process.argv.slice(2);
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8'));

// A scenario scripts each function by its ARN: the n-th call answers the n-th entry (the last one repeats).
const calls = {};
const taskResourceLocalHandlers = {};
const waitTimeOverrides = {};
const retryIntervalOverrides = {};
for (const [name, state] of Object.entries(definition.States)) {
  if (state.Type === 'Task') {
    const script = scenario.functions[state.Resource];
    if (!script) {
      throw new Error(`scenario has no script for ${state.Resource}`);
    }
    taskResourceLocalHandlers[name] = async () => {
      const n = calls[state.Resource] ?? 0;
      calls[state.Resource] = n + 1;
      const step = script[Math.min(n, script.length - 1)];
      if (step.throw) {
        const error = new Error(step.throw.cause);
        error.name = step.throw.error;
        throw error;
      }
      return step.return;
    };
  }
  if (state.Type === 'Wait') {
    waitTimeOverrides[name] = 0;
  }
  if (state.Retry) {
    retryIntervalOverrides[name] = 0;
  }
}

const machine = new StateMachine(definition, { validationOptions: { checkArn: false } });
// A scenario may mock the Context Object, e.g. {"Task": {"Token": "..."}} for a .waitForTaskToken state, whose
// handler answers at once here (the Java side sends the scenario's tokens instead).
const execution = machine.run(scenario.input, {
  overrides: { taskResourceLocalHandlers, waitTimeOverrides, retryIntervalOverrides },
  ...(scenario.context ? { context: scenario.context } : {}),
});
const states = [];
let status = 'SUCCEEDED';
let output;
let error;
let cause;
for await (const event of execution.eventLogs) {
  if (event.type === 'StateEntered' && event.index === undefined) {
    states.push(event.state.name);
  } else if (event.type === 'ExecutionSucceeded') {
    output = event.output;
  } else if (event.type === 'ExecutionFailed') {
    status = 'FAILED';
    error = event.Error;
    cause = event.Cause;
  }
}
try {
  await execution.result;
} catch {
  // reported through the ExecutionFailed event above
}
process.stdout.write(JSON.stringify({ states, status, output, error, cause }) + '\n');
