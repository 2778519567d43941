'use strict';
// Every task.json and vss-extension.json against the official schemas in shared/schemas, with the commands its
// README gives (same tool versions, pinned in package.json, run from node_modules instead of npx).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { taskNames, root } = require('../build/layout');
const { temp } = require('./harness');

/** shared/schemas beside the repository: the first one found walking up from tasks/. */
function schemas() {
    for (let dir = root; ; dir = path.dirname(dir)) {
        const candidate = path.join(dir, 'shared', 'schemas');
        if (fs.existsSync(candidate)) return candidate;
        if (path.dirname(dir) === dir) throw new Error(`shared/schemas not found above ${root}`);
    }
}

function tool(name, args) {
    const run = spawnSync(path.join(root, 'node_modules', '.bin', name), args, { cwd: root, encoding: 'utf8' });
    if (run.error) throw run.error;
    return { code: run.status, output: run.stdout + run.stderr };
}

const validateTask = file => tool('jsonschema', ['validate', path.join(schemas(), 'azure-pipelines-task.schema.json'), file]);
const extensionSchemas = ['vss-extension.json', 'azure-devops-extension-manifest-1.0.json'];
const validateExtension = (schema, file) =>
    tool('ajv', ['validate', '--strict=false', '-c', 'ajv-formats', '-s', path.join(schemas(), schema), '-d', file]);

/** A copy of `file` with `change` applied, in the temp folder. */
function brokenCopy(file, change) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    change(json);
    const copy = path.join(temp, `broken-${path.basename(path.dirname(file))}-${path.basename(file)}`);
    fs.writeFileSync(copy, JSON.stringify(json, null, 2));
    return copy;
}

describe('manifests validate against shared/schemas', () => {
    for (const task of taskNames()) {
        it(`${task}/task.json`, () => {
            const result = validateTask(path.join(root, task, 'task.json'));
            assert.strictEqual(result.code, 0, result.output);
        });
    }

    it('a broken task.json is rejected (an output variable named like mlops names it, model_dir)', () => {
        const copy = brokenCopy(path.join(root, 'MlOpsTrainV1', 'task.json'), j => { j.outputVariables[0].name = 'model_dir'; });
        const result = validateTask(copy);
        assert.notStrictEqual(result.code, 0, result.output);
        assert.match(result.output, /outputVariables\/0\/name/);
    });

    for (const schema of extensionSchemas) {
        it(`vss-extension.json against ${schema}`, () => {
            const result = validateExtension(schema, path.join(root, 'vss-extension.json'));
            assert.strictEqual(result.code, 0, result.output);
        });
    }

    it('a broken vss-extension.json is rejected by both schemas', () => {
        const copy = brokenCopy(path.join(root, 'vss-extension.json'), j => { delete j.publisher; j.contributions[0].type = 5; });
        assert.match(validateExtension(extensionSchemas[0], copy).output, /must have required property 'publisher'/);
        assert.match(validateExtension(extensionSchemas[1], copy).output, /\/contributions\/0\/type[\s\S]*must be string/);
    });

    it('every task folder is a contribution and every contribution has a unique task id', () => {
        const folders = fs.readdirSync(root).filter(f => fs.existsSync(path.join(root, f, 'task.json'))).sort();
        assert.deepStrictEqual([...taskNames()].sort(), folders);
        const ids = folders.map(f => JSON.parse(fs.readFileSync(path.join(root, f, 'task.json'), 'utf8')).id);
        assert.strictEqual(new Set(ids).size, ids.length, `duplicate task ids: ${ids}`);
    });

    it('every task runs on both Node20_1 and Node24, offers the AzureRM connection, and its visibleRules name its inputs', () => {
        for (const task of taskNames()) {
            const json = JSON.parse(fs.readFileSync(path.join(root, task, 'task.json'), 'utf8'));
            assert.deepStrictEqual(Object.keys(json.execution).sort(), ['Node20_1', 'Node24'], task);
            assert.ok(json.inputs.some(i => i.type === 'connectedService:AzureRM'), task);
            const names = new Set(json.inputs.map(i => i.name));
            for (const input of json.inputs.filter(i => i.visibleRule))
                assert.ok(names.has(input.visibleRule.split(/\s*[=!<>]/)[0].trim()), `${task}: ${input.name} visibleRule '${input.visibleRule}'`);
            for (const input of json.inputs)
                assert.ok(json.groups.some(g => g.name === input.groupName), `${task}: ${input.name} has no group`);
        }
    });
});
