"""interop layer (see DESIGN.md §4)."""
