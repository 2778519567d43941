#!/usr/bin/env node
'use strict';
// Builds the VSIX: node build/package.js [--out DIR] [--cli PUBLISHED_CLI_DIR]
// (writes DIR/extension/ and DIR/*.vsix; default DIR is tasks/out).
const path = require('path');
const { execFileSync } = require('child_process');
const { layout, root } = require('./layout');

function argument(name) {
    const i = process.argv.indexOf(name);
    return i > 0 ? path.resolve(process.argv[i + 1]) : undefined;
}

const out = argument('--out') || path.join(root, 'out');
const staged = path.join(out, 'extension');
layout(staged, argument('--cli'));
const tfx = path.join(root, 'node_modules', 'tfx-cli', '_build', 'tfx-cli.js');
execFileSync(process.execPath, [tfx, 'extension', 'create', '--root', staged, '--manifest-globs', 'vss-extension.json',
    '--output-path', out, '--no-prompt'], { stdio: 'inherit' });
