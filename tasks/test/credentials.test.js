'use strict';
// The AzureRM service connection → the environment variables mlops' AzureCredentialFactory reads.
const assert = require('assert');
const { runTask } = require('./harness');

const id = '2f7c3a1e-0b4d-4c59-9e1a-6d0f5b8a9c11';
const inputs = { configPath: 'mlops.yml', azureSubscription: id };

function endpoint(scheme, parameters, data = {}, url = 'https://management.azure.com/') {
    const env = { [`ENDPOINT_AUTH_SCHEME_${id}`]: scheme, [`ENDPOINT_URL_${id}`]: url, [`ENDPOINT_AUTH_${id}`]: JSON.stringify({ scheme, parameters }) };
    for (const [key, value] of Object.entries(parameters)) env[`ENDPOINT_AUTH_PARAMETER_${id}_${key.toUpperCase()}`] = value;
    for (const [key, value] of Object.entries(data)) env[`ENDPOINT_DATA_${id}_${key.toUpperCase()}`] = value;
    return env;
}

const servicePrincipal = endpoint('ServicePrincipal',
    { serviceprincipalid: 'app-123', tenantid: 'tenant-456', serviceprincipalkey: 's3cret-value', authenticationType: 'spnKey' },
    { environment: 'AzureCloud', subscriptionId: 'sub-789' });

const federation = Object.assign(endpoint('WorkloadIdentityFederation',
    { serviceprincipalid: 'app-fed', tenantid: 'tenant-fed', workloadIdentityFederationSubject: 'sc://org/project/conn' },
    { environment: 'AzureCloud' }), {
    SYSTEM_OIDCREQUESTURI: 'https://dev.azure.com/org/project-id/_apis/distributedtask/hubs/build/plans/plan-id/jobs/job-id/oidctoken',
    ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: 'job-access-token',
});

describe('Azure service connection → environment of mlops', () => {
    it('service principal with a secret: client-secret credential, secret masked, raw endpoint variables gone', async () => {
        // A stale secret on the agent must not be the one mlops uses.
        const run = await runTask('MlOpsTrainV1', { inputs, env: Object.assign({ AZURE_CLIENT_SECRET: 'stale' }, servicePrincipal) });
        assert.ok(run.tr.succeeded, run.errors.join('; '));
        assert.deepStrictEqual(run.call.env, {
            MLOPS_AZURE_CREDENTIAL: 'client-secret', AZURE_CLIENT_ID: 'app-123', AZURE_TENANT_ID: 'tenant-456', AZURE_CLIENT_SECRET: 's3cret-value',
        });
        assert.ok(run.secrets.includes('s3cret-value'), 'the client secret is not registered with the agent as a secret');
    });

    it('workload identity federation: azure-pipelines credential with the connection id, OIDC request URI and job token', async () => {
        const run = await runTask('MlOpsEvaluateV1', { inputs: Object.assign({ model: 'm', baselineSource: 'config' }, inputs), env: federation });
        assert.ok(run.tr.succeeded, run.errors.join('; '));
        assert.deepStrictEqual(run.call.env, {
            MLOPS_AZURE_CREDENTIAL: 'azure-pipelines',
            AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: id,
            AZURESUBSCRIPTION_CLIENT_ID: 'app-fed',
            AZURESUBSCRIPTION_TENANT_ID: 'tenant-fed',
            SYSTEM_OIDCREQUESTURI: federation.SYSTEM_OIDCREQUESTURI,
            SYSTEM_ACCESSTOKEN: 'job-access-token',
        });
        assert.ok(run.secrets.includes('job-access-token'), 'the job access token is not masked');
    });

    it('workload identity federation falls back to System.AccessToken mapped into the step', async () => {
        const env = Object.assign({}, federation, { ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: null, SYSTEM_ACCESSTOKEN: 'mapped-token' });
        const run = await runTask('MlOpsTrainV1', { inputs, env });
        assert.strictEqual(run.call.env.SYSTEM_ACCESSTOKEN, 'mapped-token');
    });

    it('workload identity federation on an agent without System.OidcRequestUri is an invalid input', async () => {
        const run = await runTask('MlOpsTrainV1', { inputs, env: Object.assign({}, federation, { SYSTEM_OIDCREQUESTURI: null }) });
        assert.deepStrictEqual(run.errors, ['Invalid input: workload identity federation needs System.OidcRequestUri; use an agent of version 3.225 or later']);
        assert.strictEqual(run.call, undefined);
    });

    it('a certificate service principal is refused by name', async () => {
        const env = endpoint('ServicePrincipal', { serviceprincipalid: 'a', tenantid: 't', authenticationType: 'spnCertificate', servicePrincipalCertificate: 'PEM' });
        const run = await runTask('MlOpsTrainV1', { inputs, env });
        assert.deepStrictEqual(run.errors, [`Invalid input: the service connection ${id} authenticates with 'spnCertificate'; mlops supports a client secret or workload identity federation`]);
    });

    it('a service principal without a secret names the missing field', async () => {
        const env = endpoint('ServicePrincipal', { serviceprincipalid: 'a', tenantid: 't', authenticationType: 'spnKey' });
        const run = await runTask('MlOpsTrainV1', { inputs, env });
        assert.deepStrictEqual(run.errors, [`Invalid input: the service connection ${id} has no 'serviceprincipalkey'; edit the connection in Project settings > Service connections`]);
    });

    it('managed identity: DefaultAzureCredential', async () => {
        const run = await runTask('MlOpsTrainV1', { inputs, env: endpoint('ManagedServiceIdentity', { tenantid: 't' }) });
        assert.deepStrictEqual(run.call.env, { MLOPS_AZURE_CREDENTIAL: 'default' });
    });

    it('a sovereign cloud connection sets the Entra ID host and the ARM endpoint', async () => {
        const env = endpoint('ServicePrincipal', { serviceprincipalid: 'a', tenantid: 't', serviceprincipalkey: 'k', authenticationType: 'spnKey' },
            { environment: 'AzureUSGovernment', activeDirectoryAuthority: 'https://login.microsoftonline.us/' }, 'https://management.usgovcloudapi.net/');
        const run = await runTask('MlOpsTrainV1', { inputs, env });
        assert.strictEqual(run.call.env.AZURE_AUTHORITY_HOST, 'https://login.microsoftonline.us/');
        assert.strictEqual(run.call.env.MLOPS_AZURE_ARM_ENDPOINT, 'https://management.usgovcloudapi.net/');
    });

    it('without a service connection mlops gets no credential variables', async () => {
        const run = await runTask('MlOpsTrainV1', { inputs: { configPath: 'mlops.yml' } });
        assert.deepStrictEqual(run.call.env, {});
    });
});
