// Stands in for mlops: prints one line "MLOPS_FAKE_CALL {argv, cwd, env}" so a test can read exactly what the task
// ran, then the stdout/stderr lines and exit code the test asked for (FAKE_MLOPS_STDOUT / _STDERR as JSON arrays,
// FAKE_MLOPS_EXIT). The harness writes it out with a #! line naming this node.
'use strict';
const shown = /^(AZURE|MLOPS_AZURE|AZURESUBSCRIPTION_|SYSTEM_OIDCREQUESTURI$|SYSTEM_ACCESSTOKEN$|ENDPOINT_AUTH|INPUT_)/;
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => shown.test(k)));
console.log('MLOPS_FAKE_CALL ' + JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env }));
for (const line of JSON.parse(process.env.FAKE_MLOPS_STDOUT || '[]')) console.log(line);
for (const line of JSON.parse(process.env.FAKE_MLOPS_STDERR || '[]')) console.error(line);
process.exitCode = Number(process.env.FAKE_MLOPS_EXIT || '0');
