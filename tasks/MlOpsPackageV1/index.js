'use strict';
// common/ is copied into the task folder when the extension is packaged (build/package.js).
const { run } = require('./common/mlops-task');

run({
    verb: 'package',
    args: i => [
        i.value('model', true),
        ...i.option('--output', 'output', true),
        ...i.option('--format', 'format', true),
        ...i.option('--app', 'app'),
        ...i.option('--tag', 'tag'),
        ...i.flag('--validate', 'validate'),
        ...i.option('--push', 'push'),
        ...i.option('--config', 'configPath'),
        ...i.option('--registry', 'registry'),
    ],
    outputs: { image: 'image', image_digest: 'imageDigest', oci_layout: 'ociLayout', docker_archive: 'dockerArchive', pushed_image: 'pushedImage' },
}, __dirname);
