'use strict';
// Inputs → the exact argument list each task gives mlops (every value one argv entry, never through a shell).
const assert = require('assert');
const path = require('path');
const { runTask, workDir, temp } = require('./harness');

const awkward = 'out/my "candidate" $(dir) & co';

async function argv(task, inputs) {
    const run = await runTask(task, { inputs });
    assert.ok(run.call, `mlops was not run; task output:\n${run.tr.stdout}`);
    assert.ok(run.tr.succeeded, `task failed: ${run.errors.join('; ')}`);
    return run.call.argv;
}

describe('task inputs → mlops arguments', () => {
    it('train passes every input, one argv entry each, values untouched by a shell', async () => {
        assert.deepStrictEqual(await argv('MlOpsTrainV1', { configPath: 'cfg/mlops.yml', outputDirectory: awkward, seed: '7', excludeColumns: 'fnlwgt,\n education ,' }),
            ['train', '--config', 'cfg/mlops.yml', '--output', awkward, '--seed', '7', '--exclude', 'fnlwgt,education']);
    });

    it('train with only the config passes nothing else', async () => {
        assert.deepStrictEqual(await argv('MlOpsTrainV1', { configPath: 'mlops.yml' }), ['train', '--config', 'mlops.yml']);
    });

    it('evaluate ignores the hidden baseline input unless "Compare with" is a named model', async () => {
        assert.deepStrictEqual(await argv('MlOpsEvaluateV1', { configPath: 'mlops.yml', model: 'out/candidate', baselineSource: 'config', baseline: 'adult-income:3' }),
            ['evaluate', '--config', 'mlops.yml', '--model', 'out/candidate']);
        assert.deepStrictEqual(await argv('MlOpsEvaluateV1', {
            configPath: 'mlops.yml', model: 'out/candidate', baselineSource: 'model', baseline: 'adult-income:3',
            data: 'data/test.csv', reportDirectory: 'report', registry: 'reg',
        }), ['evaluate', '--config', 'mlops.yml', '--model', 'out/candidate', '--baseline', 'adult-income:3', '--data', 'data/test.csv', '--report', 'report', '--registry', 'reg']);
    });

    it('register joins tags given one per line', async () => {
        assert.deepStrictEqual(await argv('MlOpsRegisterV1', { configPath: 'mlops.yml', model: 'out/candidate', tags: 'team=risk\r\nticket=ML-7', description: 'nightly "retrain"' }),
            ['register', '--config', 'mlops.yml', '--model', 'out/candidate', '--tag', 'team=risk,ticket=ML-7', '--description', 'nightly "retrain"']);
    });

    it('package passes the model first, then output, format, app, tag, --validate and --push as mlops package takes them', async () => {
        assert.deepStrictEqual(await argv('MlOpsPackageV1', { model: 'adult-income:4', output: 'image', format: 'docker-archive' }),
            ['package', 'adult-income:4', '--output', 'image', '--format', 'docker-archive']);
        assert.deepStrictEqual(await argv('MlOpsPackageV1', { model: 'adult-income@production', output: 'img', format: 'both', app: 'pub', tag: 'adult:9', validate: 'true', push: 'acr.azurecr.io/adult:9', configPath: 'mlops.yml', registry: 'reg' }),
            ['package', 'adult-income@production', '--output', 'img', '--format', 'both', '--app', 'pub', '--tag', 'adult:9', '--validate', '--push', 'acr.azurecr.io/adult:9', '--config', 'mlops.yml', '--registry', 'reg']);
    });

    it('deploy passes --model for deploy, and --stop without the (hidden) model for stop', async () => {
        assert.deepStrictEqual(await argv('MlOpsDeployV1', { configPath: 'mlops.yml', environment: 'test', action: 'deploy', model: 'adult-income:4' }),
            ['deploy', '--config', 'mlops.yml', '--env', 'test', '--model', 'adult-income:4']);
        assert.deepStrictEqual(await argv('MlOpsDeployV1', { configPath: 'mlops.yml', environment: 'test', action: 'stop', model: 'adult-income:4', registry: 'reg' }),
            ['deploy', '--config', 'mlops.yml', '--env', 'test', '--stop', '--registry', 'reg']);
        assert.deepStrictEqual(await argv('MlOpsDeployV1', { configPath: 'mlops.yml', environment: 'test', action: 'deploy', package: 'out/image', image: '' }),
            ['deploy', '--config', 'mlops.yml', '--env', 'test', '--package', 'out/image']);
        assert.deepStrictEqual(await argv('MlOpsDeployV1', { configPath: 'mlops.yml', environment: 'test', action: 'stop', image: 'acr.io/m:1' }),
            ['deploy', '--config', 'mlops.yml', '--env', 'test', '--stop']);
    });

    it('train passes --skip-if-unchanged with the alias', async () => {
        assert.deepStrictEqual(await argv('MlOpsTrainV1', { configPath: 'mlops.yml', skipIfUnchanged: 'production' }),
            ['train', '--config', 'mlops.yml', '--skip-if-unchanged', 'production']);
    });

    it('promote passes the version first, then alias, config and --expect', async () => {
        assert.deepStrictEqual(await argv('MlOpsPromoteV1', { configPath: 'mlops.yml', version: 'adult-income:4', alias: 'production' }),
            ['promote', 'adult-income:4', '--alias', 'production', '--config', 'mlops.yml']);
        assert.deepStrictEqual(await argv('MlOpsPromoteV1', { configPath: 'mlops.yml', version: 'adult-income:4', alias: 'staging', expectVersion: '3', registry: 'reg' }),
            ['promote', 'adult-income:4', '--alias', 'staging', '--config', 'mlops.yml', '--expect', '3', '--registry', 'reg']);
    });

    it('compare passes champion and challenger, config only when given', async () => {
        assert.deepStrictEqual(await argv('MlOpsCompareV1', { champion: 'adult-income@production', challenger: 'adult-income:4' }),
            ['compare', '--champion', 'adult-income@production', '--challenger', 'adult-income:4']);
        assert.deepStrictEqual(await argv('MlOpsCompareV1', { champion: 'a@production', challenger: 'a:4', data: 'd.csv', configPath: 'mlops.yml', reportDirectory: 'r', registry: 'reg' }),
            ['compare', '--champion', 'a@production', '--challenger', 'a:4', '--data', 'd.csv', '--config', 'mlops.yml', '--report', 'r', '--registry', 'reg']);
    });

    it('online compare passes the two request logs and the labels instead of the models', async () => {
        assert.deepStrictEqual(await argv('MlOpsCompareV1', { online: 'true', championLog: 'logs/blue', challengerLog: 'logs/green', labels: 'labels.csv', champion: 'ignored', horizon: '500' }),
            ['compare', '--online', '--champion-log', 'logs/blue', '--challenger-log', 'logs/green', '--labels', 'labels.csv', '--horizon', '500']);
    });

    it('runs in System.DefaultWorkingDirectory, or in the workingDirectory input', async () => {
        assert.strictEqual((await runTask('MlOpsTrainV1', { inputs: { configPath: 'mlops.yml' } })).call.cwd, workDir);
        assert.strictEqual((await runTask('MlOpsTrainV1', { inputs: { configPath: 'mlops.yml', workingDirectory: temp } })).call.cwd, temp);
    });
});

describe('bad inputs', () => {
    for (const [task, inputs, missing] of [
        ['MlOpsEvaluateV1', { configPath: 'mlops.yml', baselineSource: 'config' }, 'model'],
        ['MlOpsEvaluateV1', { configPath: 'mlops.yml', model: 'm', baselineSource: 'model' }, 'baseline'],
        ['MlOpsRegisterV1', { configPath: 'mlops.yml' }, 'model'],
        ['MlOpsPackageV1', { model: 'm:1', format: 'oci' }, 'output'],
        ['MlOpsDeployV1', { configPath: 'mlops.yml', action: 'deploy' }, 'environment'],
        ['MlOpsCompareV1', { champion: 'm@production' }, 'challenger'],
        ['MlOpsCompareV1', { online: 'true', championLog: 'a.jsonl', challengerLog: 'b.jsonl' }, 'labels'],
        ['MlOpsPromoteV1', { configPath: 'mlops.yml', alias: 'production' }, 'version'],
        ['MlOpsTrainV1', {}, 'configPath'],
    ]) {
        it(`${task} without ${missing} fails with "Invalid input: Input required: ${missing}" and does not run mlops`, async () => {
            const run = await runTask(task, { inputs });
            assert.ok(run.tr.failed);
            assert.deepStrictEqual(run.errors, [`Invalid input: Input required: ${missing}`]);
            assert.strictEqual(run.call, undefined);
        });
    }

    it('a seed that is not a whole number is an invalid input', async () => {
        const run = await runTask('MlOpsTrainV1', { inputs: { configPath: 'mlops.yml', seed: '7.5' } });
        assert.deepStrictEqual(run.errors, ["Invalid input: seed must be a whole number; found '7.5'"]);
        assert.strictEqual(run.call, undefined);
    });

    it('a working directory that does not exist is an invalid input', async () => {
        const missing = path.join(temp, 'nowhere');
        const run = await runTask('MlOpsTrainV1', { inputs: { configPath: 'mlops.yml', workingDirectory: missing } });
        assert.deepStrictEqual(run.errors, [`Invalid input: workingDirectory '${missing}' does not exist`]);
    });
});
