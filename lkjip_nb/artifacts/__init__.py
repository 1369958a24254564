"""Build artefacts on disk, below both the runner and the renderer: atomic writes, the state a
run leaves per job, and the provenance every output carries."""
