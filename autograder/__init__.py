"""scratchnet's grading engine: checks, mistakes, loading, sandbox, scoring, reports, CLI."""
