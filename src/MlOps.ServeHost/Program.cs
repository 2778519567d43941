using MlOps.ServeHost;

return await ServeHostApp.RunAsync(args, Environment.GetEnvironmentVariable("MLOPS_API_KEY"), Console.Out, Console.Error);
