using EdgeNano.Cli;

return EdgeNanoCli.Run(args, Console.Out, Console.Error);
