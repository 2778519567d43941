// The script MockTestRunner starts: applies the scenario (MLOPS_TEST_SCENARIO, JSON: task, inputs, env) and runs the
// staged task with the real azure-pipelines-task-lib (run(true)), so the task really starts the fake mlops.
'use strict';
const path = require('path');
const scenario = JSON.parse(process.env.MLOPS_TEST_SCENARIO);
delete process.env.MLOPS_TEST_SCENARIO;
for (const [key, value] of Object.entries(scenario.env || {})) {
    if (value === null) delete process.env[key]; else process.env[key] = value;
}
// The task's own copy of task-lib (the one it ships with), not the test's.
const { TaskMockRunner } = require(path.join(scenario.task, 'node_modules', 'azure-pipelines-task-lib', 'mock-run'));
const runner = new TaskMockRunner(path.join(scenario.task, 'index.js'));
for (const [name, value] of Object.entries(scenario.inputs || {})) runner.setInput(name, value);
runner.run(true);
