"""generator.adapters (see the README's architecture section)."""
