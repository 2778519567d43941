'use strict';
// The Kubernetes service connection of the deploy task → a kubeconfig file for mlops (KUBECONFIG).
const assert = require('assert');
const fs = require('fs');
const { runTask } = require('./harness');

const id = '7a1d2c3e-4f50-4b6a-8c9d-0e1f2a3b4c5d';
const inputs = { configPath: 'mlops.yml', environment: 'production', action: 'deploy', image: 'reg.example/adult:1', kubernetesServiceConnection: id };

function connection(authorizationType, parameters, url = 'https://aks-prod.hcp.westeurope.azmk8s.io:443', data = {}) {
    const env = { [`ENDPOINT_URL_${id}`]: url, [`ENDPOINT_AUTH_SCHEME_${id}`]: authorizationType === 'Kubeconfig' ? 'Kubernetes' : 'Token',
        [`ENDPOINT_DATA_${id}_AUTHORIZATIONTYPE`]: authorizationType };
    for (const [key, value] of Object.entries(parameters)) env[`ENDPOINT_AUTH_PARAMETER_${id}_${key.toUpperCase()}`] = value;
    for (const [key, value] of Object.entries(data)) env[`ENDPOINT_DATA_${id}_${key.toUpperCase()}`] = value;
    return env;
}

const b64 = text => Buffer.from(text).toString('base64');

describe('Kubernetes service connection → kubeconfig for mlops', () => {
    it('service account: server, CA and token in a private kubeconfig that is gone after the task; the token is masked', async () => {
        const run = await runTask('MlOpsDeployV1', { inputs, env: connection('ServiceAccount', { apiToken: b64('sa-token-123'), serviceAccountCertificate: b64('-----BEGIN CERTIFICATE-----') }) });
        assert.ok(run.tr.succeeded, run.errors.join('; '));
        const config = JSON.parse(run.call.kubeconfig.text);
        assert.strictEqual(config.clusters[0].cluster.server, 'https://aks-prod.hcp.westeurope.azmk8s.io:443');
        assert.strictEqual(config.clusters[0].cluster['certificate-authority-data'], b64('-----BEGIN CERTIFICATE-----'));
        assert.strictEqual(config.users[0].user.token, 'sa-token-123');
        assert.strictEqual(config['current-context'], 'mlops');
        assert.strictEqual(run.call.kubeconfig.mode, 0o600, 'the kubeconfig is readable by others');
        assert.ok(run.secrets.includes('sa-token-123'), 'the token is not masked');
        assert.ok(!fs.existsSync(run.call.env.KUBECONFIG), 'the kubeconfig was left on the agent');
    });

    it('kubeconfig connection: the file as given and its cluster context passed on', async () => {
        const text = 'apiVersion: v1\nkind: Config\ncurrent-context: dev\n';
        const run = await runTask('MlOpsDeployV1', { inputs, env: connection('Kubeconfig', { kubeconfig: text, clusterContext: 'prod' }) });
        assert.ok(run.tr.succeeded, run.errors.join('; '));
        assert.strictEqual(run.call.kubeconfig.text, text);
        assert.strictEqual(run.call.env.MLOPS_KUBE_CONTEXT, 'prod');
    });

    it('accepting untrusted certificates skips TLS verification instead of pinning the CA', async () => {
        const run = await runTask('MlOpsDeployV1', { inputs, env: connection('ServiceAccount', { apiToken: b64('t'), serviceAccountCertificate: b64('CA') }, undefined, { acceptUntrustedCerts: 'true' }) });
        const cluster = JSON.parse(run.call.kubeconfig.text).clusters[0].cluster;
        assert.strictEqual(cluster['insecure-skip-tls-verify'], true);
        assert.strictEqual(cluster['certificate-authority-data'], undefined);
    });

    it('a service account connection without a token names the missing field, and mlops does not run', async () => {
        const run = await runTask('MlOpsDeployV1', { inputs, env: connection('ServiceAccount', { serviceAccountCertificate: b64('CA') }) });
        assert.deepStrictEqual(run.errors, [`Invalid input: the Kubernetes service connection ${id} has no 'apiToken'; edit it in Project settings > Service connections`]);
        assert.strictEqual(run.call, undefined);
    });

    it('without the input nothing is written and the agent environment decides', async () => {
        const run = await runTask('MlOpsDeployV1', { inputs: Object.assign({}, inputs, { kubernetesServiceConnection: '' }) });
        assert.ok(run.tr.succeeded, run.errors.join('; '));
        assert.strictEqual(run.call.kubeconfig, undefined);
        assert.strictEqual(run.call.env.KUBECONFIG, undefined);
    });
});
