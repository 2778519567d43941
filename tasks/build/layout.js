'use strict';
// Lays the extension out as the agent will see it: every task folder is downloaded on its own, so each one gets its
// own copy of common/ and of the runtime node_modules (the non-dev packages of package-lock.json), and optionally
// the published CLI in bin/.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** The task folders named by vss-extension.json's contributions. */
function taskNames() {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'vss-extension.json'), 'utf8'));
    return manifest.contributions.filter(c => c.type === 'ms.vss-distributed-task.task').map(c => c.properties.name);
}

/** Top-level runtime packages (their nested node_modules come along with them). */
function runtimePackages() {
    const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
    return Object.entries(lock.packages)
        .filter(([name, entry]) => name.startsWith('node_modules/') && !entry.dev && !name.slice('node_modules/'.length).includes('node_modules/'))
        .map(([name]) => name);
}

function copy(from, to) {
    if (!fs.existsSync(from)) throw new Error(`${from} is missing; run npm ci in ${root}`);
    fs.cpSync(from, to, { recursive: true, dereference: true });
}

/**
 * Writes the extension into `out` (emptied first). `cli`: a folder from `dotnet publish src/MlOps.Cli`, copied into
 * every task's bin/ (optional: without it the tasks use mlops from PATH).
 */
function layout(out, cli) {
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    for (const file of ['vss-extension.json', 'README.md']) copy(path.join(root, file), path.join(out, file));
    const packages = runtimePackages();
    for (const task of taskNames()) {
        const target = path.join(out, task);
        copy(path.join(root, task), target);
        copy(path.join(root, 'common'), path.join(target, 'common'));
        for (const pkg of packages) copy(path.join(root, pkg), path.join(target, pkg));
        if (cli) copy(cli, path.join(target, 'bin'));
    }
    return taskNames().map(t => path.join(out, t));
}

module.exports = { layout, taskNames, root };
