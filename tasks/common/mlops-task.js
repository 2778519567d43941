'use strict';
// The one place a task runs mlops: finds the CLI, builds its environment, runs it and turns its exit code into the
// task result. Each task's index.js only says which verb and which inputs.
const fs = require('fs');
const path = require('path');
const tl = require('azure-pipelines-task-lib/task');
const { inputs, InvalidInputError } = require('./arguments');
const { credentialEnvironment } = require('./azure-credentials');
const { kubernetesEnvironment } = require('./kubernetes-credentials');

/** Exit codes of mlops (README "Exit codes"). */
const EXIT = { success: 0, gateFailed: 1, invalidInput: 2, externalFailure: 3 };

/**
 * MLOPS_CLI (an override, used by the tests), else the CLI bundled in the task folder (bin/mlops, put there at
 * package time), else mlops on PATH (e.g. installed as a dotnet tool).
 */
function locateCli(taskDirectory) {
    const override = process.env.MLOPS_CLI;
    if (override) {
        if (!fs.existsSync(override)) throw new InvalidInputError(`MLOPS_CLI is '${override}', which does not exist`);
        return override;
    }
    const bundled = path.join(taskDirectory, 'bin', process.platform === 'win32' ? 'mlops.exe' : 'mlops');
    if (fs.existsSync(bundled)) {
        // A VSIX is a zip, which does not keep the executable bit of the published apphost.
        if (process.platform !== 'win32') fs.chmodSync(bundled, 0o755);
        return bundled;
    }
    const onPath = tl.which('mlops', false);
    if (onPath) return onPath;
    throw new InvalidInputError('mlops was not found: not bundled in the task (bin/mlops) and not on PATH; install it or set MLOPS_CLI');
}

/** Undoes the agent's escaping of ##vso data and property values (%AZP25 last: it may produce the others). */
function unescape(text) {
    return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3B/g, ';').replace(/%5D/g, ']').replace(/%AZP25/g, '%');
}

/**
 * Reads what mlops writes for Azure Pipelines (it detects TF_BUILD): the message of its
 * ##vso[task.complete result=Failed], else its last stderr line, for the task's own failure message; and its output
 * variables (snake_case, e.g. model_dir), which the task republishes under the camelCase names of task.json
 * (task.json allows only letters and digits in an output variable's name).
 */
class CliOutput {
    constructor(outputs) { this.outputs = outputs || {}; this.fromHost = undefined; this.lastError = undefined; this.lastIssue = undefined; }
    stdout(line) {
        const complete = /^##vso\[task\.complete [^\]]*result=Failed;?[^\]]*\](.*)$/.exec(line);
        if (complete && complete[1]) this.fromHost = unescape(complete[1]);
        const issue = /^##vso\[task\.logissue [^\]]*type=error;?[^\]]*\](.*)$/.exec(line);
        if (issue && issue[1]) this.lastIssue = unescape(issue[1]);
        const variable = /^##vso\[task\.setvariable ([^\]]*)\](.*)$/.exec(line);
        if (variable) {
            const props = Object.fromEntries(variable[1].split(';').filter(p => p.includes('='))
                .map(p => [p.slice(0, p.indexOf('=')).trim().toLowerCase(), unescape(p.slice(p.indexOf('=') + 1))]));
            const name = this.outputs[props.variable];
            if (name) tl.setVariable(name, unescape(variable[2]), props.issecret === 'true', true);
        }
    }
    stderr(line) { if (line.trim()) this.lastError = line.trim(); }
    get failure() { return this.fromHost || this.lastError; }
    /** Why the gate failed, as mlops put it ("quality gate failed: auc regressed"), without its own prefix. */
    get gateReason() { return this.lastIssue && this.lastIssue.replace(/^quality gate failed:\s*/i, ''); }
}

function result(code, verb, gateFailure, said, reportOnly) {
    const detail = said ? `: ${said}` : '';
    switch (code) {
        case EXIT.success: return [tl.TaskResult.Succeeded, `mlops ${verb} succeeded`];
        case EXIT.gateFailed: return reportOnly
            ? [tl.TaskResult.SucceededWithIssues, `Quality gate failed (reported only: ${reportOnly} is false): ${gateFailure}`]
            : [tl.TaskResult.Failed, `Quality gate failed: ${gateFailure}`];
        case EXIT.invalidInput: return [tl.TaskResult.Failed, `Invalid input${detail || ': mlops rejected the input or mlops.yml (see the log above)'}`];
        case EXIT.externalFailure: return [tl.TaskResult.Failed, `External service failed${detail || ' (see the log above)'}`];
        default: return [tl.TaskResult.Failed, `mlops ${verb} crashed (${code === null ? 'killed by a signal' : `exit code ${code}`})${detail}; please report it with the log above`];
    }
}

/**
 * Runs one task. spec: { verb, args(inputs) -> string[] (after the verb), gateFailure: what exit code 1 means,
 * outputs: { mlops_name: taskJsonName }, failInput: the boolean input that, when false, makes exit code 1 a warning
 * (report-only runs) while invalid input, service failures and crashes still fail the task }.
 * The working directory, the service connections (Azure; Kubernetes for tasks that have that input) and the CLI
 * location are the same for every task.
 */
async function run(spec, taskDirectory) {
    let kubernetes = { dispose() { } };
    try {
        const args = [spec.verb, ...spec.args(inputs)];
        kubernetes = kubernetesEnvironment(inputs.value('kubernetesServiceConnection', false));
        const env = Object.assign({}, process.env, credentialEnvironment(inputs.value('azureSubscription', false)), kubernetes.env);
        const cwd = inputs.value('workingDirectory', false) || tl.getVariable('System.DefaultWorkingDirectory') || process.cwd();
        if (!fs.existsSync(cwd)) throw new InvalidInputError(`workingDirectory '${cwd}' does not exist`);
        const cli = locateCli(taskDirectory);

        const said = new CliOutput(spec.outputs);
        const tool = tl.tool(cli).arg(args);
        tool.on('stdline', line => said.stdout(line));
        tool.on('errline', line => said.stderr(line));
        let code;
        try {
            code = await tool.execAsync({ cwd, env, ignoreReturnCode: true, failOnStdErr: false });
        } catch (e) {
            tl.setResult(tl.TaskResult.Failed, `could not run mlops (${cli}): ${e.message}`);
            return;
        }
        const reportOnly = spec.failInput && !tl.getBoolInput(spec.failInput, false) && tl.getInput(spec.failInput, false) ? spec.failInput : undefined;
        const [status, message] = result(code, spec.verb, said.gateReason || spec.gateFailure || `mlops ${spec.verb} reported a failed check (see the log above)`, said.failure, reportOnly);
        tl.setResult(status, message);
    } catch (e) {
        tl.setResult(tl.TaskResult.Failed, e instanceof InvalidInputError ? `Invalid input: ${e.message}` : `mlops task crashed: ${e.stack || e}`);
    } finally {
        kubernetes.dispose();
    }
}

module.exports = { run };
