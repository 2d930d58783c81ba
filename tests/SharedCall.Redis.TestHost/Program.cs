// A process of a test fleet: one coalescer with a Redis level, driven line by line on stdin; it answers on stdout.
// Usage: dotnet SharedCall.Redis.TestHost.dll <redis endpoint> <key prefix> <lease ms> <poll ms> <max wait ms, -1: infinite>
// See HostCommands for the line protocol.
using System.Globalization;
using SharedCall;
using SharedCall.Redis;
using SharedCall.Redis.TestHost;
using StackExchange.Redis;

if (args.Length != 5)
{
    await Console.Error.WriteLineAsync("usage: <endpoint> <prefix> <leaseMs> <pollMs> <maxWaitMs|-1>");
    return 2;
}

var ms = (string value) => int.Parse(value, CultureInfo.InvariantCulture);
using var connection = await ConnectionMultiplexer.ConnectAsync(
    $"{args[0]},abortConnect=false,connectTimeout=2000,syncTimeout=2000,asyncTimeout=2000");
var coalescer = new Coalescer(new CoalescerOptions { Name = "fleet" }.UseRedis(connection, redis =>
{
    redis.KeyPrefix = args[1];
    redis.LeaseTime = TimeSpan.FromMilliseconds(ms(args[2]));
    redis.PollInterval = TimeSpan.FromMilliseconds(ms(args[3]));
    redis.MaxWait = ms(args[4]) < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ms(args[4]));
    redis.BreakDuration = TimeSpan.FromMilliseconds(500);
}));

var commands = new HostCommands(coalescer, connection);
await commands.RunAsync(Console.In);
return 0;
