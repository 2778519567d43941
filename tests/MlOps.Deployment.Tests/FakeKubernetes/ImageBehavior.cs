namespace MlOps.Deployment.Tests.FakeKubernetes;

/// <summary>What the pods of an image do in the fake cluster.</summary>
public enum ImageBehavior
{
    /// <summary>Pods start and become ready, one more per poll.</summary>
    Healthy,

    /// <summary>Pods run but never pass the readiness probe; the Deployment exceeds its progress deadline after a few polls.</summary>
    NeverReady,

    /// <summary>The container exits at start: CrashLoopBackOff with a growing restartCount, then the progress deadline.</summary>
    CrashLoop,

    /// <summary>Pods become ready, but /health/ready through the service proxy answers 503.</summary>
    FailsSmokeTest,
}
