"""Cap IA assistant package."""
