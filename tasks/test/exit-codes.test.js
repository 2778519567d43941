'use strict';
// mlops' exit code → the task result a user sees; mlops' outputs → the task's output variables.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { runTask, completion, writeFakeCli, temp } = require('./harness');
const { layout } = require('../build/layout');

const evaluate = { configPath: 'mlops.yml', model: 'out/candidate', baselineSource: 'config' };

describe('exit codes → task result', () => {
    it('0 succeeds', async () => {
        const run = await runTask('MlOpsEvaluateV1', { inputs: evaluate, exitCode: 0 });
        assert.ok(run.tr.succeeded);
        assert.deepStrictEqual(run.errors, []);
        assert.strictEqual(completion(run).properties.result, 'Succeeded');
    });

    it('1 from evaluate is "Quality gate failed", not a crash', async () => {
        const run = await runTask('MlOpsEvaluateV1', { inputs: evaluate, exitCode: 1 });
        assert.ok(run.tr.failed);
        assert.deepStrictEqual(run.errors, ['Quality gate failed: the model did not pass every gate; the report (Extensions tab, and the log above) shows each gate, its threshold and the value']);
    });

    it("1 carries mlops' own reason when it gave one", async () => {
        const run = await runTask('MlOpsEvaluateV1', { inputs: evaluate, exitCode: 1, stdout: ['##vso[task.logissue type=error;]quality gate failed: auc regressed by 0.02 %AZP25'] });
        assert.deepStrictEqual(run.errors, ['Quality gate failed: auc regressed by 0.02 %']);
    });

    it('1 from compare says the challenger is worse', async () => {
        const run = await runTask('MlOpsCompareV1', { inputs: { champion: 'm@production', challenger: 'm:2' }, exitCode: 1 });
        assert.deepStrictEqual(run.errors, ['Quality gate failed: the challenger is not better than the champion (online: or the test has not decided yet); the comparison report (log above) shows both side by side']);
    });

    it('1 with failOnGate false is a warning: succeeded with issues, the reason kept', async () => {
        const run = await runTask('MlOpsEvaluateV1', { inputs: { ...evaluate, failOnGate: 'false' }, exitCode: 1, stdout: ['##vso[task.logissue type=error;]quality gate failed: auc regressed'] });
        assert.strictEqual(completion(run).properties.result, 'SucceededWithIssues');
        assert.strictEqual(completion(run).message, 'Quality gate failed (reported only: failOnGate is false): auc regressed');
    });

    it('failOnGate false does not hide invalid input: 2 still fails the task', async () => {
        const run = await runTask('MlOpsEvaluateV1', { inputs: { ...evaluate, failOnGate: 'false' }, exitCode: 2, stderr: ["mlops.yml:3:5: unknown key 'tarin'"] });
        assert.ok(run.tr.failed);
        assert.deepStrictEqual(run.errors, ["Invalid input: mlops.yml:3:5: unknown key 'tarin'"]);
    });

    it('1 from compare with failIfWorse false is succeeded with issues', async () => {
        const run = await runTask('MlOpsCompareV1', { inputs: { champion: 'm@production', challenger: 'm:2', failIfWorse: 'false' }, exitCode: 1 });
        assert.strictEqual(completion(run).properties.result, 'SucceededWithIssues');
        assert.match(completion(run).message, /^Quality gate failed \(reported only: failIfWorse is false\): the challenger is not better/);
    });

    it('2 is "Invalid input" with the message mlops gave the agent (unescaped)', async () => {
        const run = await runTask('MlOpsTrainV1', {
            inputs: { configPath: 'mlops.yml' }, exitCode: 2,
            stdout: ["##vso[task.logissue type=error;]mlops.yml:3:5: unknown key 'tarin'", "##vso[task.complete result=Failed;]mlops.yml:3:5: unknown key 'tarin' (did you mean 'train'?) 100%AZP25"],
        });
        assert.ok(run.errors.includes("Invalid input: mlops.yml:3:5: unknown key 'tarin' (did you mean 'train'?) 100%"), run.errors.join('\n'));
        assert.strictEqual(completion(run).message, "Invalid input: mlops.yml:3:5: unknown key 'tarin' (did you mean 'train'?) 100%");
    });

    it('2 without a host message uses the last line mlops wrote to stderr', async () => {
        const run = await runTask('MlOpsRegisterV1', { inputs: { configPath: 'mlops.yml', model: 'nowhere' }, exitCode: 2, stderr: ['reading...', "model 'nowhere' not found", ''] });
        assert.deepStrictEqual(run.errors, ["Invalid input: model 'nowhere' not found"]);
    });

    it('3 is "External service failed"', async () => {
        const run = await runTask('MlOpsTrainV1', { inputs: { configPath: 'mlops.yml' }, exitCode: 3, stderr: ['Azure ML returned 503 after 5 attempts'] });
        assert.deepStrictEqual(run.errors, ['External service failed: Azure ML returned 503 after 5 attempts']);
    });

    it('4 (or anything else) is a crash to report', async () => {
        const run = await runTask('MlOpsDeployV1', { inputs: { configPath: 'mlops.yml', environment: 'test', action: 'deploy' }, exitCode: 4, stderr: ['internal error: NullReferenceException'] });
        assert.deepStrictEqual(run.errors, ['mlops deploy crashed (exit code 4): internal error: NullReferenceException; please report it with the log above']);
    });
});

describe('outputs', () => {
    it("mlops' snake_case output variables are republished under task.json's names", async () => {
        const run = await runTask('MlOpsEvaluateV1', {
            inputs: evaluate, stdout: ['##vso[task.setvariable variable=gate_passed;isOutput=true;]true', '##vso[task.setvariable variable=report_json;isOutput=true;]/w/.mlops/report/report.json'],
        });
        const ours = run.variables.filter(v => v.properties.variable === 'gatePassed' || v.properties.variable === 'reportJson')
            .map(v => [v.properties.variable, v.message, v.properties.isOutput]);
        assert.deepStrictEqual(ours, [['gatePassed', 'true', 'true'], ['reportJson', '/w/.mlops/report/report.json', 'true']]);
    });

    it('every output variable a task.json declares is one its task republishes', () => {
        for (const [task, names] of [['MlOpsTrainV1', { model_dir: 'modelDir', trained: 'trained', skip_reason: 'skipReason' }],
            ['MlOpsRegisterV1', { model_version: 'modelVersion' }], ['MlOpsDeployV1', { url: 'url' }],
            ['MlOpsCompareV1', { challenger_wins: 'challengerWins', decision: 'decision' }], ['MlOpsPromoteV1', { promoted: 'promoted' }],
            ['MlOpsPackageV1', { image: 'image', image_digest: 'imageDigest', oci_layout: 'ociLayout', docker_archive: 'dockerArchive', pushed_image: 'pushedImage' }]]) {
            const declared = JSON.parse(fs.readFileSync(path.join(__dirname, '..', task, 'task.json'), 'utf8')).outputVariables.map(o => o.name);
            assert.deepStrictEqual(declared, Object.values(names), task);
            for (const [mlopsName, name] of Object.entries(names))
                assert.match(fs.readFileSync(path.join(__dirname, '..', task, 'index.js'), 'utf8'), new RegExp(`${mlopsName}: '${name}'`), task);
        }
    });
});

describe('finding mlops', () => {
    it('uses bin/mlops bundled in the task folder when MLOPS_CLI is not set, even without its executable bit (as unzipped)', async () => {
        const cli = path.join(temp, 'published');
        writeFakeCli(cli, 'mlops');
        const root = path.join(temp, 'with-cli');
        layout(root, cli);
        fs.chmodSync(path.join(root, 'MlOpsTrainV1', 'bin', 'mlops'), 0o644);
        const run = await runTask('MlOpsTrainV1', { taskRoot: root, inputs: { configPath: 'mlops.yml' }, env: { MLOPS_CLI: null } });
        assert.deepStrictEqual(run.call.argv, ['train', '--config', 'mlops.yml']);
    });

    it('names the file when MLOPS_CLI points at nothing', async () => {
        const missing = path.join(temp, 'no-such-mlops');
        const run = await runTask('MlOpsTrainV1', { inputs: { configPath: 'mlops.yml' }, env: { MLOPS_CLI: missing } });
        assert.deepStrictEqual(run.errors, [`Invalid input: MLOPS_CLI is '${missing}', which does not exist`]);
    });

    it('says where it looked when mlops is nowhere', async () => {
        const run = await runTask('MlOpsTrainV1', { inputs: { configPath: 'mlops.yml' }, env: { MLOPS_CLI: null, PATH: temp } });
        assert.deepStrictEqual(run.errors, ['Invalid input: mlops was not found: not bundled in the task (bin/mlops) and not on PATH; install it or set MLOPS_CLI']);
    });
});
