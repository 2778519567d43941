namespace MlOps.Containers.Layers;

public enum LayerEntryKind
{
    Directory,
    File,
    Symlink,
}
