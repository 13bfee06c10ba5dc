"""Poll definitions as versioned data files."""
