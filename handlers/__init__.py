"""Lambda entry points (`handlers.api.handler`, `handlers.events.handler`) and their wiring."""
