using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("MlOps.Training.Tests")]
