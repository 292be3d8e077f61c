// Placeholder translation unit until the archive lands (the archive helper replaces this file).
namespace newsarc::archive {
int schema_placeholder() { return 0; }
}
