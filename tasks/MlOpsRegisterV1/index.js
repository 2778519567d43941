'use strict';
// common/ is copied into the task folder when the extension is packaged (build/package.js).
const { run } = require('./common/mlops-task');

run({
    verb: 'register',
    args: i => [
        ...i.option('--config', 'configPath', true),
        ...i.option('--model', 'model', true),
        ...i.list('--tag', 'tags'),
        ...i.option('--description', 'description'),
        ...i.option('--registry', 'registry'),
    ],
    outputs: { model_version: 'modelVersion' },
}, __dirname);
