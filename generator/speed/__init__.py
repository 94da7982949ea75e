"""generator.speed (see the README's architecture section)."""
