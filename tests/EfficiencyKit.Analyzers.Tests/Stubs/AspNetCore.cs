// Stand-in for the ASP.NET Core surface the request-handler checks recognise (the test projects do not
// reference the ASP.NET Core shared framework). Metadata names match the real types.
using System;

namespace Microsoft.AspNetCore.Routing
{
    public interface IEndpointRouteBuilder { }
}

namespace Microsoft.AspNetCore.Builder
{
    using Microsoft.AspNetCore.Routing;

    public static class EndpointRouteBuilderExtensions
    {
        public static object MapGet(this IEndpointRouteBuilder endpoints, string pattern, Delegate handler) => handler;
        public static object MapPost(this IEndpointRouteBuilder endpoints, string pattern, Delegate handler) => handler;
    }

    public sealed class WebApplication : IEndpointRouteBuilder
    {
        public static WebApplication Create(string[]? args = null) => new WebApplication();
        public void Run() { }
    }
}

namespace Microsoft.AspNetCore.Mvc
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class ApiControllerAttribute : Attribute { }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class HttpPostAttribute : Attribute
    {
        public HttpPostAttribute(string template) { }
    }

    public abstract class ControllerBase
    {
        public object Ok(object? value) => value!;
    }
}

namespace Microsoft.AspNetCore.SignalR
{
    public abstract class Hub { }
}
