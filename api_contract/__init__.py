"""The API's contract for its callers: OpenAPI 3.1 built from the handler's own pydantic models, and a
reference page rendered from it. Tooling only: the Lambda handlers never import this package."""
