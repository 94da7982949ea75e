"""generator.pages (see the README's architecture section)."""
