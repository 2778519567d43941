'use strict';
// build/package.js (tfx extension create) makes a VSIX that holds every task with what it needs to run on an agent.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const JSZip = require('jszip');
const { taskNames, root } = require('../build/layout');
const { temp, runTask } = require('./harness');

describe('VSIX', () => {
    let zip;
    let manifest;

    before(async () => {
        const out = path.join(temp, 'vsix');
        const run = spawnSync(process.execPath, [path.join(root, 'build', 'package.js'), '--out', out], { encoding: 'utf8' });
        assert.strictEqual(run.status, 0, run.stdout + run.stderr);
        const vsix = fs.readdirSync(out).filter(f => f.endsWith('.vsix'));
        assert.deepStrictEqual(vsix, ['mlops.mlops-tasks-1.0.0.vsix']);
        zip = await JSZip.loadAsync(fs.readFileSync(path.join(out, vsix[0])));
        manifest = await zip.file('extension.vsixmanifest').async('string');
    });

    it('holds every task: task.json, the shim, the shared module and azure-pipelines-task-lib', () => {
        for (const task of taskNames())
            for (const file of ['task.json', 'index.js', 'common/mlops-task.js', 'common/arguments.js', 'common/azure-credentials.js',
                'node_modules/azure-pipelines-task-lib/task.js', 'node_modules/azure-pipelines-task-lib/lib.json', 'node_modules/shelljs/package.json'])
                assert.ok(zip.file(`${task}/${file}`), `${task}/${file} is not in the VSIX`);
    });

    it('leaves the test tools out of the tasks', () => {
        const dev = Object.keys(zip.files).filter(f => /\/node_modules\/(mocha|tfx-cli|ajv|@sourcemeta)\//.test(f));
        assert.deepStrictEqual(dev.slice(0, 5), []);
    });

    it('names the extension and contributes each task folder once', async () => {
        assert.match(manifest, /<Identity [^>]*Id="mlops-tasks"[^>]*Version="1.0.0"[^>]*Publisher="mlops"/);
        const contributions = JSON.parse(await zip.file('extension.vsomanifest').async('string')).contributions;
        assert.deepStrictEqual(contributions.filter(c => c.type === 'ms.vss-distributed-task.task').map(c => c.properties.name),
            ['MlOpsTrainV1', 'MlOpsEvaluateV1', 'MlOpsRegisterV1', 'MlOpsPackageV1', 'MlOpsDeployV1', 'MlOpsCompareV1', 'MlOpsPromoteV1']);
    });

    it('a task unzipped from the VSIX on its own runs (everything it requires is inside its folder)', async () => {
        const root = path.join(temp, 'unzipped');
        const entries = Object.values(zip.files).filter(f => !f.dir && f.name.startsWith('MlOpsRegisterV1/'));
        for (const entry of entries) {
            const file = path.join(root, entry.name);
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, await entry.async('nodebuffer'));
        }
        const run = await runTask('MlOpsRegisterV1', { taskRoot: root, inputs: { configPath: 'mlops.yml', model: 'out/m' }, exitCode: 1 });
        assert.deepStrictEqual(run.call && run.call.argv, ['register', '--config', 'mlops.yml', '--model', 'out/m'], run.tr.stdout + run.tr.stderr);
        assert.deepStrictEqual(run.errors, ['Quality gate failed: mlops register reported a failed check (see the log above)']);
    });

    it('carries the task.json files unchanged', async () => {
        for (const task of taskNames())
            assert.deepStrictEqual(JSON.parse(await zip.file(`${task}/task.json`).async('string')),
                JSON.parse(fs.readFileSync(path.join(root, task, 'task.json'), 'utf8')), task);
    });
});
