using MlOps.CiHosts;
using MlOps.Cli;

return await CliApp.RunAsync(args, CiHostDetector.FromEnvironment(), Console.Out, Console.Error);
