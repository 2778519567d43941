'use strict';
// Hands the AzureRM service connection's identity to mlops through the environment variables that
// src/MlOps.Azure/Identity/AzureCredentialFactory.cs reads. MLOPS_AZURE_CREDENTIAL names the kind so that a stray
// AZURE_CLIENT_SECRET on the agent cannot win over the connection the pipeline author chose.
const tl = require('azure-pipelines-task-lib/task');
const { InvalidInputError } = require('./arguments');

const PUBLIC_CLOUD = 'AzureCloud';

function authParameter(connection, key) {
    const text = tl.getEndpointAuthorizationParameter(connection, key, true);
    if (!text) throw new InvalidInputError(`the service connection ${connection} has no '${key}'; edit the connection in Project settings > Service connections`);
    return text;
}

function secret(text) {
    tl.setSecret(text);
    return text;
}

/** The Azure DevOps access token that lets mlops ask the agent for a fresh OIDC token whenever it needs one. */
function accessToken() {
    const token = tl.getEndpointAuthorizationParameter('SYSTEMVSSCONNECTION', 'AccessToken', true) || tl.getVariable('System.AccessToken');
    if (!token) throw new InvalidInputError('workload identity federation needs the job access token (System.AccessToken), which the agent did not provide');
    return token;
}

function federation(connection) {
    const oidcRequestUri = tl.getVariable('System.OidcRequestUri');
    if (!oidcRequestUri) throw new InvalidInputError('workload identity federation needs System.OidcRequestUri; use an agent of version 3.225 or later');
    return {
        MLOPS_AZURE_CREDENTIAL: 'azure-pipelines',
        AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: connection,
        AZURESUBSCRIPTION_CLIENT_ID: authParameter(connection, 'serviceprincipalid'),
        AZURESUBSCRIPTION_TENANT_ID: authParameter(connection, 'tenantid'),
        SYSTEM_OIDCREQUESTURI: oidcRequestUri,
        SYSTEM_ACCESSTOKEN: secret(accessToken()),
    };
}

function servicePrincipal(connection) {
    const kind = tl.getEndpointAuthorizationParameter(connection, 'authenticationType', true) || 'spnKey';
    if (kind !== 'spnKey')
        throw new InvalidInputError(`the service connection ${connection} authenticates with '${kind}'; mlops supports a client secret or workload identity federation`);
    return {
        MLOPS_AZURE_CREDENTIAL: 'client-secret',
        AZURE_CLIENT_ID: authParameter(connection, 'serviceprincipalid'),
        AZURE_TENANT_ID: authParameter(connection, 'tenantid'),
        AZURE_CLIENT_SECRET: secret(authParameter(connection, 'serviceprincipalkey')),
    };
}

/** Sovereign clouds and Azure Stack: sign in and call ARM where the connection says, not at the public cloud. */
function cloud(connection) {
    const environment = tl.getEndpointDataParameter(connection, 'environment', true);
    if (!environment || environment === PUBLIC_CLOUD) return {};
    const env = {};
    const authority = tl.getEndpointDataParameter(connection, 'activeDirectoryAuthority', true);
    if (authority) env.AZURE_AUTHORITY_HOST = authority;
    const arm = tl.getEndpointUrl(connection, true);
    if (arm) env.MLOPS_AZURE_ARM_ENDPOINT = arm;
    return env;
}

/**
 * Environment variables for the mlops process: {} without a connection (local backends, or the agent's own
 * identity through DefaultAzureCredential).
 */
function credentialEnvironment(connection) {
    if (!connection) return {};
    const scheme = tl.getEndpointAuthorizationScheme(connection, true);
    let env;
    switch ((scheme || '').toLowerCase()) {
        case 'serviceprincipal': env = servicePrincipal(connection); break;
        case 'workloadidentityfederation': env = federation(connection); break;
        // The agent's managed identity: DefaultAzureCredential finds it.
        case 'managedserviceidentity': env = { MLOPS_AZURE_CREDENTIAL: 'default' }; break;
        default:
            throw new InvalidInputError(`the service connection ${connection} uses the scheme '${scheme}'; mlops supports ServicePrincipal, WorkloadIdentityFederation and ManagedServiceIdentity`);
    }
    return Object.assign(env, cloud(connection));
}

module.exports = { credentialEnvironment };
