using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("MlOps.Training.Tests")]
[assembly: InternalsVisibleTo("MlOps.Azure.Tests")]
