"""Reading the project's files without trusting them (`safeio`), and gitignore lines matched in linear time (`globs`)."""
