'use strict';
// common/ is copied into the task folder when the extension is packaged (build/package.js).
const { run } = require('./common/mlops-task');

run({
    verb: 'evaluate',
    args: i => [
        ...i.option('--config', 'configPath', true),
        ...i.option('--model', 'model', true),
        ...(i.value('baselineSource', false) === 'model' ? i.option('--baseline', 'baseline', true) : []),
        ...i.option('--data', 'data'),
        ...i.option('--report', 'reportDirectory'),
        ...i.option('--registry', 'registry'),
    ],
    gateFailure: 'the model did not pass every gate; the report (Extensions tab, and the log above) shows each gate, its threshold and the value',
    failInput: 'failOnGate',
    outputs: { gate_passed: 'gatePassed', report_json: 'reportJson' },
}, __dirname);
