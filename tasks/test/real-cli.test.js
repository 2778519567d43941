'use strict';
// The tasks with the real mlops (built by the top-level test.sh; MLOPS_TEST_CLI names another build): what the
// shim reads back from it (output variables, gate verdict, config errors) is what mlops really prints in Azure Pipelines.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { runTask, temp } = require('./harness');
const { root } = require('../build/layout');

const cli = process.env.MLOPS_TEST_CLI || path.join(root, '..', 'src', 'MlOps.Cli', 'bin', 'Release', 'net10.0', 'mlops');

function dataset(name) {
    for (let dir = root; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'shared', 'datasets', name);
        if (fs.existsSync(candidate)) return candidate;
    }
    throw new Error(`shared/datasets/${name} not found above ${root}`);
}

describe('with the real mlops', function () {
    const work = path.join(temp, 'real');
    const env = { MLOPS_CLI: cli, TF_BUILD: 'True' };

    before(function () {
        if (!fs.existsSync(cli)) this.skip(); // not built: dotnet build src/MlOps.Cli -c Release (test.sh does)
        fs.mkdirSync(work, { recursive: true });
        const data = dataset('breast_cancer_wisconsin.csv');
        fs.writeFileSync(path.join(work, 'mlops.yml'), [
            'model: { name: cancer, task: binary-classification, label: diagnosis, positive: malignant }',
            `data: { train: ${JSON.stringify(data)}, test: ${JSON.stringify(data)} }`,
            'train: { mlnet: { trees: 20 } }',
            'evaluate: { metrics: [auc, logloss], thresholds: { logloss: "<= 0.0001" } }',
            '',
        ].join('\n'));
        fs.writeFileSync(path.join(work, 'bad.yml'), 'model: { name: cancer, task: binary-classification, label: diagnosis }\ntarin: {}\n');
    });

    it('train succeeds and its model_dir becomes the modelDir output', async () => {
        const run = await runTask('MlOpsTrainV1', { inputs: { configPath: 'mlops.yml', outputDirectory: 'model', workingDirectory: work }, env });
        assert.ok(run.tr.succeeded, run.errors.join('; ') + run.tr.stdout);
        const modelDir = run.variables.find(v => v.properties.variable === 'modelDir');
        assert.strictEqual(modelDir && modelDir.message, path.join(work, 'model'));
    });

    it('evaluate against an impossible threshold fails as a quality gate, with the reason mlops gives', async () => {
        const run = await runTask('MlOpsEvaluateV1', { inputs: { configPath: 'mlops.yml', model: 'model', baselineSource: 'config', workingDirectory: work }, env });
        assert.ok(run.tr.failed);
        assert.ok(run.errors.includes('Quality gate failed: logloss regressed'), run.errors.join('\n'));
        assert.strictEqual(run.variables.find(v => v.properties.variable === 'gatePassed').message, 'false');
    });

    it('a typo in mlops.yml is an invalid input naming file, line and column', async () => {
        const run = await runTask('MlOpsTrainV1', { inputs: { configPath: 'bad.yml', workingDirectory: work }, env });
        assert.ok(run.errors.some(e => e.startsWith("Invalid input: bad.yml:2:1: unknown key 'tarin'")), run.errors.join('\n'));
    });
});
