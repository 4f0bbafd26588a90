"""Live loaders (work in progress: see the HTTP issue)."""
