'use strict';
// Runs a staged task (laid out as in the VSIX) through MockTestRunner with a fake mlops, and reads back what the
// fake was called with and what the task reported.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { MockTestRunner } = require('azure-pipelines-task-lib/mock-test');
const commands = require('azure-pipelines-task-lib/taskcommand');
const { layout } = require('../build/layout');

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-tasks-'));
process.on('exit', () => fs.rmSync(temp, { recursive: true, force: true }));
let staged;

/** The extension laid out once per test run, as build/package.js lays it out for the VSIX. */
function stagedExtension() {
    if (!staged) {
        staged = path.join(temp, 'extension');
        layout(staged);
    }
    return staged;
}

/** Writes the fake mlops as an executable file; the name may be 'mlops' for a bin/ folder. */
function writeFakeCli(folder, name = 'fake-mlops') {
    fs.mkdirSync(folder, { recursive: true });
    const file = path.join(folder, name);
    fs.writeFileSync(file, `#!${process.execPath}\n` + fs.readFileSync(path.join(__dirname, 'fake-mlops.js'), 'utf8'), { mode: 0o755 });
    return file;
}

const fakeCli = writeFakeCli(path.join(temp, 'cli'));
const workDir = fs.mkdtempSync(path.join(temp, 'work-'));

/** Environment the agent would not set by itself, kept from the test's own environment out of the task's. */
const scrubbed = Object.keys(process.env).filter(k => /^(AZURE|MLOPS_|AZURESUBSCRIPTION_|SYSTEM_|ENDPOINT_|INPUT_|TF_BUILD$|KUBECONFIG$)/.test(k));

/**
 * options: inputs, env (extra environment; null removes), exitCode, stdout / stderr (lines the fake prints),
 * taskRoot (another staged extension). Returns { tr, call (argv/cwd/env of the fake, or undefined when it did not
 * run), errors (error issues), variables (task.setvariable commands), secrets (task.setsecret values) }.
 */
async function runTask(task, options = {}) {
    const scenario = {
        task: path.join(options.taskRoot || stagedExtension(), task),
        inputs: options.inputs || {},
        env: Object.assign(Object.fromEntries(scrubbed.map(k => [k, null])), {
            MLOPS_CLI: fakeCli,
            SYSTEM_DEFAULTWORKINGDIRECTORY: workDir,
            AGENT_TEMPDIRECTORY: temp, // task-lib writes its vault key (.taskkey) there, else into the current folder
            FAKE_MLOPS_EXIT: String(options.exitCode || 0),
            FAKE_MLOPS_STDOUT: JSON.stringify(options.stdout || []),
            FAKE_MLOPS_STDERR: JSON.stringify(options.stderr || []),
        }, options.env || {}),
    };
    const tr = new MockTestRunner(path.join(__dirname, 'run-task.js'));
    tr.nodePath = process.execPath; // else MockTestRunner downloads the node version of the task's handler
    process.env.MLOPS_TEST_SCENARIO = JSON.stringify(scenario);
    try {
        await tr.runAsync();
    } finally {
        delete process.env.MLOPS_TEST_SCENARIO;
    }
    const lines = tr.stdout.split(/\r?\n/);
    const callLine = lines.find(l => l.startsWith('MLOPS_FAKE_CALL '));
    const parsed = lines.filter(l => l.startsWith('##vso[')).map(l => commands.commandFromString(l));
    return {
        tr,
        call: callLine && JSON.parse(callLine.slice('MLOPS_FAKE_CALL '.length)),
        errors: tr.errorIssues,
        variables: parsed.filter(c => c.command === 'task.setvariable'),
        secrets: parsed.filter(c => c.command === 'task.setsecret').map(c => c.message),
    };
}

/** The task's own result line: the last task.complete in the output (the fake may print one too). */
function completion(run) {
    const done = run.tr.stdout.split(/\r?\n/).filter(l => l.startsWith('##vso[task.complete')).map(l => commands.commandFromString(l));
    return done[done.length - 1];
}

module.exports = { runTask, completion, stagedExtension, writeFakeCli, temp, workDir };
