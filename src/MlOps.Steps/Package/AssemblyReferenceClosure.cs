using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MlOps.Core.Errors;

namespace MlOps.Steps.Package;

/// <summary>
/// The managed assemblies a set of root assemblies can load through their metadata: each root's assembly references,
/// followed transitively, resolved by simple name to the publish's files (a self-contained publish has one file per
/// assembly name, `NAME.dll`). A reference the publish has no file for is left out: the runtime could not load it
/// from the publish either. Whole files are kept or left out; nothing inside an assembly is removed, so this is not
/// IL trimming (which breaks Kestrel).
/// </summary>
public static class AssemblyReferenceClosure
{
    /// <param name="files">The publish's managed assemblies by simple name, each a path relative to <paramref name="appDirectory"/>.</param>
    /// <param name="roots">Simple names to start from: the entry assembly and those loaded by name at run time.</param>
    /// <returns>The relative paths of the roots and everything they reference, transitively, sorted.</returns>
    public static IReadOnlySet<string> Of(string appDirectory, IReadOnlyDictionary<string, string> files, IEnumerable<string> roots)
    {
        var reached = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(roots);
        while (pending.TryPop(out var name))
        {
            if (!files.TryGetValue(name, out var file) || !reached.Add(file)) continue;
            foreach (var reference in References(Path.Combine(appDirectory, file)))
                pending.Push(reference);
        }
        return reached;
    }

    /// <summary>The simple names <paramref name="path"/>'s metadata references.</summary>
    public static IReadOnlyList<string> References(string path)
    {
        try
        {
            using var pe = new PEReader(File.OpenRead(path));
            if (!pe.HasMetadata) throw new BadImageFormatException("no .NET metadata");
            var metadata = pe.GetMetadataReader();
            return [.. metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name))];
        }
        catch (BadImageFormatException e)
        {
            throw new InvalidInputException($"{path}: the publish's deps.json names it as a managed assembly, but it is not one ({e.Message}); publish again with: {PublishedApp.PublishCommand}");
        }
    }
}
