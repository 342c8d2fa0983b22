// Runs one scenario through aws-local-stepfunctions and prints what the Java interpreter's differential test
// compares: {"states": [entered, in order], "status", "output" | "error", "cause"}.
// Usage: node --import ./polyfill.mjs run-scenario.mjs <definition.asl.json> <scenario.json>
import { readFileSync } from 'node:fs';
import { StateMachine } from 'aws-local-stepfunctions';

const [definitionFile, scenarioFile] = process.argv.slice(2);
const definition = JSON.parse(readFileSync(definitionFile, 'utf8'));
const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8'));

// Node's timers hold at most 2^31-1 ms (24.8 days) and fire a longer one after 1 ms, which would time a year-long
// execution or task out at once. No scenario waits here (Wait states and retries are overridden to 0), so longer
// timeouts are clamped: the path taken is compared, not the durations.
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
const clampTimeout = (node) => {
  if (node.TimeoutSeconds > MAX_TIMER_SECONDS) {
    node.TimeoutSeconds = MAX_TIMER_SECONDS;
  }
};
clampTimeout(definition);
Object.values(definition.States).forEach(clampTimeout);

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
      if (step.pending) {
        // A .waitForTaskToken task nobody answers (an offline agent): the execution waits until it is stopped.
        return new Promise(() => {});
      }
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
    // StopExecution while the execution is in scenario.stop.in_state. abort() carries no error or cause; the
    // scenario's are what StopExecution was given, and what the execution reports.
    if (scenario.stop && event.state.name === scenario.stop.in_state) {
      setTimeout(() => execution.abort(), 0);
    }
  } else if (event.type === 'ExecutionTimeout') {
    status = 'TIMED_OUT';
  } else if (event.type === 'ExecutionAborted') {
    status = 'ABORTED';
    error = scenario.stop.error;
    cause = scenario.stop.cause;
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
// Exit once written: a stopped execution leaves its task's (never answered) timers pending, which would keep Node up.
process.stdout.write(JSON.stringify({ states, status, output, error, cause }) + '\n', () => process.exit(0));
