'use strict';
// common/ is copied into the task folder when the extension is packaged (build/package.js).
const { run } = require('./common/mlops-task');

run({
    verb: 'compare',
    args: i => [
        ...i.option('--champion', 'champion', true),
        ...i.option('--challenger', 'challenger', true),
        ...i.option('--data', 'data'),
        ...i.option('--config', 'configPath'),
        ...i.option('--report', 'reportDirectory'),
        ...i.option('--registry', 'registry'),
    ],
    gateFailure: 'the challenger is worse than the champion on the primary metric; the comparison report (log above) shows both side by side',
    failInput: 'failIfWorse',
    outputs: { challenger_wins: 'challengerWins' },
}, __dirname);
