namespace MlOps.Core.Config;

/// <summary><c>retrain</c>: what <c>mlops monitor --trigger</c> starts when monitoring asks for a new model.</summary>
/// <param name="Trigger">Null when no trigger is configured (monitoring then only reports).</param>
public sealed record RetrainSection(RetrainTriggerSection? Trigger);

/// <summary>One of <see cref="AzurePipelinesTriggerSection"/> or <see cref="GitHubTriggerSection"/>.</summary>
public abstract record RetrainTriggerSection;

/// <summary>
/// <c>retrain.trigger.azure-pipelines</c>: runs pipeline <see cref="PipelineId"/> (REST "Runs - Run Pipeline").
/// <see cref="OrganizationUrl"/> and <see cref="Project"/> are null when left to the agent's SYSTEM_COLLECTIONURI and
/// SYSTEM_TEAMPROJECT.
/// </summary>
/// <param name="Branch">The branch the run builds, "main" or a full "refs/heads/..." name.</param>
public sealed record AzurePipelinesTriggerSection(string? OrganizationUrl, string? Project, int PipelineId, string Branch)
    : RetrainTriggerSection;

/// <summary>
/// <c>retrain.trigger.github</c>: a <c>workflow_dispatch</c> of <see cref="Workflow"/> on <see cref="Ref"/>, or a
/// <c>repository_dispatch</c> of <see cref="EventType"/> (exactly one of the two). <see cref="Repository"/>
/// ("owner/repo") is null when left to GITHUB_REPOSITORY.
/// </summary>
public sealed record GitHubTriggerSection(string? Repository, string? Workflow, string? Ref, string? EventType)
    : RetrainTriggerSection;
