using Azure.Core;
using k8s;
using k8s.Exceptions;
using MlOps.Core.Config;
using MlOps.Core.Errors;

namespace MlOps.Deployment.Aks;

/// <summary>
/// Opens the Kubernetes client an aks environment's credentials describe, and says who that is for error messages:
/// a kubeconfig (deploy.ENV.kubeconfig, else KUBECONFIG, else ~/.kube/config) and its context (deploy.ENV.context, else
/// MLOPS_KUBE_CONTEXT, else its current-context), or an AKS API server
/// reached with an Azure.Identity token.
/// </summary>
public sealed record AksConnection(IKubernetes Client, string Credential)
{
    public static AksConnection Open(string environment, AksSettings settings, Func<string, string?> getEnv, Func<TokenCredential> azure, Func<string> azureDescription)
    {
        var credentials = settings.Credentials;
        if (credentials.Server is { } server)
        {
            var config = new KubernetesClientConfiguration { Host = server, TokenProvider = new AksAadTokenProvider(azure()) };
            if (credentials.CertificateAuthority is { } ca)
            {
                if (!File.Exists(ca))
                    throw new InvalidInputException($"deploy.{environment}.certificate-authority: {ca} does not exist; it is the cluster's CA in PEM " +
                                                    "(az aks show --query ... or the certificate-authority-data of a kubeconfig, base64-decoded)");
                var trusted = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
                trusted.ImportFromPemFile(ca);
                config.SslCaCerts = trusted;
            }
            return new AksConnection(new Kubernetes(config), $"the Azure identity {azureDescription()}");
        }

        var (path, from) = KubeconfigPath(environment, credentials, getEnv);
        if (!File.Exists(path))
            throw new InvalidInputException($"{from} names the kubeconfig {path}, which does not exist; set deploy.{environment}.kubeconfig " +
                                            "or KUBECONFIG to the file your cluster gave you (AKS: az aks get-credentials --file PATH)");
        try
        {
            var kubeconfig = KubernetesClientConfiguration.LoadKubeConfig(path);
            // The Azure DevOps task passes its Kubernetes service connection's cluster context as MLOPS_KUBE_CONTEXT.
            var (contextName, contextFrom) = credentials.Context is { } configured ? (configured, $"deploy.{environment}.context")
                : getEnv("MLOPS_KUBE_CONTEXT") is { Length: > 0 } fromEnv ? (fromEnv, "MLOPS_KUBE_CONTEXT")
                : (kubeconfig.CurrentContext, "its current-context");
            var context = kubeconfig.Contexts?.FirstOrDefault(c => c.Name == contextName)
                ?? throw new InvalidInputException($"the kubeconfig {path} has no context '{contextName}' ({contextFrom})" +
                                                   $"; it has: {string.Join(", ", kubeconfig.Contexts?.Select(c => c.Name) ?? [])}");
            var config = KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig, contextName);
            return new AksConnection(new Kubernetes(config), $"the kubeconfig user '{context.ContextDetails?.User}' (context '{contextName}' of {path})");
        }
        catch (KubeConfigException e)
        {
            throw new InvalidInputException($"the kubeconfig {path} cannot be used: {e.Message}", e);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException)
        {
            throw new InvalidInputException($"the kubeconfig {path} is not a valid kubeconfig: {e.Message}", e);
        }
    }

    private static (string Path, string From) KubeconfigPath(string environment, AksCredentials credentials, Func<string, string?> getEnv)
    {
        if (credentials.Kubeconfig is { } file) return (file, $"deploy.{environment}.kubeconfig");
        // KUBECONFIG may list several files; kubectl merges them, mlops takes the first (the one that names the context).
        if (getEnv("KUBECONFIG") is { Length: > 0 } list) return (list.Split(Path.PathSeparator)[0], "KUBECONFIG");
        var home = getEnv("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return (Path.Combine(home, ".kube", "config"), "the default kubeconfig location");
    }
}
