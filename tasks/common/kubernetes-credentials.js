'use strict';
// Hands a Kubernetes service connection to mlops as a kubeconfig file (KUBECONFIG), which the aks target reads like
// kubectl does. The file lives in the agent's temp folder, readable by the agent user only, and is removed when the
// task ends. Connection shapes follow the Kubernetes service connection of Azure DevOps: authorizationType Kubeconfig
// (kubeconfig + clusterContext), ServiceAccount and AzureSubscription (server URL + base64 token and CA certificate).
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const tl = require('azure-pipelines-task-lib/task');
const { InvalidInputError } = require('./arguments');

function required(connection, value, what) {
    if (!value) throw new InvalidInputError(`the Kubernetes service connection ${connection} has no ${what}; edit it in Project settings > Service connections`);
    return value;
}

function decode(base64) { return Buffer.from(base64, 'base64').toString('utf8'); }

/** A kubeconfig for a server URL + service account token (JSON is YAML, so any kubeconfig reader takes it). */
function serviceAccountConfig(connection) {
    const server = required(connection, tl.getEndpointUrl(connection, true), 'server URL');
    const token = decode(required(connection, tl.getEndpointAuthorizationParameter(connection, 'apiToken', true), "'apiToken'")).trim();
    tl.setSecret(token);
    const ca = tl.getEndpointAuthorizationParameter(connection, 'serviceAccountCertificate', true);
    const insecure = (tl.getEndpointDataParameter(connection, 'acceptUntrustedCerts', true) || '').toLowerCase() === 'true';
    const cluster = Object.assign({ server }, insecure ? { 'insecure-skip-tls-verify': true } : {}, ca && !insecure ? { 'certificate-authority-data': ca } : {});
    return JSON.stringify({
        apiVersion: 'v1', kind: 'Config', 'current-context': 'mlops',
        clusters: [{ name: 'mlops', cluster }],
        users: [{ name: 'mlops', user: { token } }],
        contexts: [{ name: 'mlops', context: { cluster: 'mlops', user: 'mlops' } }],
    }, null, 2);
}

/**
 * Environment variables for the mlops process and a dispose() that deletes the kubeconfig; nothing without a
 * connection (mlops.yml's kubeconfig, or the agent's own KUBECONFIG).
 */
function kubernetesEnvironment(connection) {
    if (!connection) return { env: {}, dispose() { } };
    const kind = tl.getEndpointDataParameter(connection, 'authorizationType', true) || 'Kubeconfig';
    const env = {};
    let text;
    switch (kind) {
        case 'Kubeconfig': {
            text = required(connection, tl.getEndpointAuthorizationParameter(connection, 'kubeconfig', true), "'kubeconfig'");
            const context = tl.getEndpointAuthorizationParameter(connection, 'clusterContext', true);
            if (context) env.MLOPS_KUBE_CONTEXT = context;
            break;
        }
        case 'ServiceAccount':
        case 'AzureSubscription':
            text = serviceAccountConfig(connection);
            break;
        default:
            throw new InvalidInputError(`the Kubernetes service connection ${connection} uses authorizationType '${kind}'; mlops supports Kubeconfig, ServiceAccount and AzureSubscription`);
    }
    const folder = tl.getVariable('Agent.TempDirectory') || os.tmpdir();
    const file = path.join(folder, `mlops-kubeconfig-${crypto.randomBytes(6).toString('hex')}.yaml`);
    fs.writeFileSync(file, text, { mode: 0o600 });
    env.KUBECONFIG = file;
    return { env, dispose() { fs.rmSync(file, { force: true }); } };
}

module.exports = { kubernetesEnvironment };
