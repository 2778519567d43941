'use strict';
// common/ is copied into the task folder when the extension is packaged (build/package.js).
const { run } = require('./common/mlops-task');

run({
    verb: 'promote',
    args: i => [
        ...[i.value('version', true)],
        ...i.option('--alias', 'alias', true),
        ...i.option('--config', 'configPath', true),
        ...i.integer('--expect', 'expectVersion'),
        ...i.option('--registry', 'registry'),
    ],
    outputs: { promoted: 'promoted' },
}, __dirname);
