using System.Collections;
using Microsoft.Build.Framework;

namespace EfficiencyKit.Build.Tests;

/// <summary>The build engine a task sees when MSBuild runs it, reduced to recording what the task logs.</summary>
internal sealed class RecordingBuildEngine : IBuildEngine
{
    public List<string> Errors { get; } = [];

    /// <summary>Each warning as "CODE file: message".</summary>
    public List<string> Warnings { get; } = [];

    public bool ContinueOnError => false;

    public int LineNumberOfTaskNode => 0;

    public int ColumnNumberOfTaskNode => 0;

    public string ProjectFileOfTaskNode => "test.csproj";

    public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add($"{e.Code}: {e.Message}");

    public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add($"{e.Code} {e.File}: {e.Message}");

    public void LogMessageEvent(BuildMessageEventArgs e)
    {
    }

    public void LogCustomEvent(CustomBuildEventArgs e)
    {
    }

    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => false;
}
