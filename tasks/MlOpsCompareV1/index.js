'use strict';
// common/ is copied into the task folder when the extension is packaged (build/package.js).
const { run } = require('./common/mlops-task');

run({
    verb: 'compare',
    args: i => {
        const online = i.flag('--online', 'online');
        const what = online.length > 0
            ? [...i.option('--champion-log', 'championLog', true), ...i.option('--challenger-log', 'challengerLog', true),
               ...i.option('--labels', 'labels', true), ...i.option('--label-column', 'labelColumn'),
               ...i.integer('--horizon', 'horizon'), ...i.option('--alpha', 'alpha')]
            : [...i.option('--champion', 'champion', true), ...i.option('--challenger', 'challenger', true), ...i.option('--data', 'data')];
        return [
            ...online,
            ...what,
            ...i.option('--config', 'configPath'),
            ...i.option('--report', 'reportDirectory'),
            ...i.option('--registry', 'registry'),
        ];
    },
    gateFailure: 'the challenger is not better than the champion (online: or the test has not decided yet); the comparison report (log above) shows both side by side',
    failInput: 'failIfWorse',
    outputs: { challenger_wins: 'challengerWins', decision: 'decision' },
}, __dirname);
