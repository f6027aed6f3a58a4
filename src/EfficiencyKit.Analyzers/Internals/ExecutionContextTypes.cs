namespace EfficiencyKit.Analyzers.Internals;

/// <summary>
/// The framework types that tell how often code runs (LINQ, Parallel, Task.Run, DI, ASP.NET Core),
/// resolved once per compilation. Any of them may be absent; every check copes with null.
/// </summary>
internal sealed class ExecutionContextTypes
{
    public ExecutionContextTypes(Compilation compilation)
    {
        Enumerable = compilation.GetBestTypeByMetadataName("System.Linq.Enumerable");
        ParallelEnumerable = compilation.GetBestTypeByMetadataName("System.Linq.ParallelEnumerable");
        AsyncEnumerable = compilation.GetBestTypeByMetadataName("System.Linq.AsyncEnumerable");
        List = compilation.GetBestTypeByMetadataName("System.Collections.Generic.List`1");
        Array = compilation.GetSpecialType(SpecialType.System_Array);
        Parallel = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Parallel");
        Task = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.Task");
        TaskFactory = compilation.GetBestTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        ServiceCollection = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection");
        HostApplicationBuilder = compilation.GetBestTypeByMetadataName("Microsoft.Extensions.Hosting.IHostApplicationBuilder");
        EndpointRouteBuilder = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Routing.IEndpointRouteBuilder");
        ControllerBase = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerBase");
        ApiControllerAttribute = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
        PageModel = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
        Hub = compilation.GetBestTypeByMetadataName("Microsoft.AspNetCore.SignalR.Hub");
        FunctionAttribute = compilation.GetBestTypeByMetadataName("Microsoft.Azure.Functions.Worker.FunctionAttribute");
        FunctionNameAttribute = compilation.GetBestTypeByMetadataName("Microsoft.Azure.WebJobs.FunctionNameAttribute");
    }

    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? ParallelEnumerable { get; }

    public INamedTypeSymbol? AsyncEnumerable { get; }

    public INamedTypeSymbol? List { get; }

    public INamedTypeSymbol Array { get; }

    public INamedTypeSymbol? Parallel { get; }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskFactory { get; }

    public INamedTypeSymbol? ServiceCollection { get; }

    public INamedTypeSymbol? HostApplicationBuilder { get; }

    public INamedTypeSymbol? EndpointRouteBuilder { get; }

    public INamedTypeSymbol? ControllerBase { get; }

    public INamedTypeSymbol? ApiControllerAttribute { get; }

    public INamedTypeSymbol? PageModel { get; }

    public INamedTypeSymbol? Hub { get; }

    public INamedTypeSymbol? FunctionAttribute { get; }

    public INamedTypeSymbol? FunctionNameAttribute { get; }
}
