"""generator.outputs (see the README's architecture section)."""
