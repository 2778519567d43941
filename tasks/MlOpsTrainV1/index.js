'use strict';
// common/ is copied into the task folder when the extension is packaged (build/package.js).
const { run } = require('./common/mlops-task');

run({
    verb: 'train',
    args: i => [
        ...i.option('--config', 'configPath', true),
        ...i.option('--output', 'outputDirectory'),
        ...i.integer('--seed', 'seed'),
        ...i.list('--exclude', 'excludeColumns'),
        ...i.option('--skip-if-unchanged', 'skipIfUnchanged'),
    ],
    outputs: { model_dir: 'modelDir', trained: 'trained', skip_reason: 'skipReason' },
}, __dirname);
