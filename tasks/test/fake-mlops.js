// Stands in for mlops: prints one line "MLOPS_FAKE_CALL {argv, cwd, env}" so a test can read exactly what the task
// ran, then the stdout/stderr lines and exit code the test asked for (FAKE_MLOPS_STDOUT / _STDERR as JSON arrays,
// FAKE_MLOPS_EXIT). The harness writes it out with a #! line naming this node.
'use strict';
const shown = /^(AZURE|MLOPS_AZURE|MLOPS_KUBE|KUBECONFIG$|AZURESUBSCRIPTION_|SYSTEM_OIDCREQUESTURI$|SYSTEM_ACCESSTOKEN$|ENDPOINT_AUTH|INPUT_)/;
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => shown.test(k)));
// The kubeconfig a task wrote is removed when the task ends, so its text is reported while it is there.
const kubeconfig = process.env.KUBECONFIG && require('fs').existsSync(process.env.KUBECONFIG)
    ? { text: require('fs').readFileSync(process.env.KUBECONFIG, 'utf8'), mode: require('fs').statSync(process.env.KUBECONFIG).mode & 0o777 } : undefined;
console.log('MLOPS_FAKE_CALL ' + JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env, kubeconfig }));
for (const line of JSON.parse(process.env.FAKE_MLOPS_STDOUT || '[]')) console.log(line);
for (const line of JSON.parse(process.env.FAKE_MLOPS_STDERR || '[]')) console.error(line);
process.exitCode = Number(process.env.FAKE_MLOPS_EXIT || '0');
