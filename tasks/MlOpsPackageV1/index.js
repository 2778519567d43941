'use strict';
// common/ is copied into the task folder when the extension is packaged (build/package.js).
const { run } = require('./common/mlops-task');

// The planned interface of `mlops package`: MODEL_REF --output PATH --format oci-layout|oci-archive.
run({
    verb: 'package',
    args: i => [
        i.value('model', true),
        ...i.option('--output', 'output', true),
        ...i.option('--format', 'format', true),
        ...i.option('--config', 'configPath'),
        ...i.option('--registry', 'registry'),
    ],
}, __dirname);
