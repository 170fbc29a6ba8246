"""Pure core of open-update-image: models, rules, ports and use cases (no AWS SDK, no DI container)."""
