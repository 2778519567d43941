'use strict';
// common/ is copied into the task folder when the extension is packaged (build/package.js).
const { run } = require('./common/mlops-task');

run({
    verb: 'deploy',
    args: i => {
        const stop = i.value('action', true) === 'stop';
        return [
            ...i.option('--config', 'configPath', true),
            ...i.option('--env', 'environment', true),
            ...(stop ? ['--stop'] : [...i.option('--model', 'model'), ...i.option('--image', 'image'), ...i.option('--package', 'package')]),
            ...i.option('--registry', 'registry'),
        ];
    },
    outputs: { url: 'url' },
}, __dirname);
